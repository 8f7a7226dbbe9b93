/**
 * Knowing when it breaks (observability): the alarms and their topic, and
 * Container Insights, under mocks through the CLI's config step; and the
 * alarms' shapes, without the engine.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    ALARM_THRESHOLDS,
    BACKUP_METRICS_NAMESPACE,
    CONTAINER_INSIGHTS_DEFAULTS,
    DB_BACKUP_DEFAULTS,
    MAX_ALARM_WINDOW_SECONDS,
    appAlarmSpecs,
    albNameOfHostname,
    backupAlarmSpec,
    checkEmail,
    scheduleLongestGapSeconds,
} from "../../components";
import { invocations } from "../../tools/offline/mockRuntime";
import { MOCK_ACCOUNT, MOCK_ALB_HOSTNAME, ofType, one, registrations, reveal } from "../harness";
import { ROOT, deployedOutputs, runProgram, stackSettings } from "../program";

const dev = stackSettings("dev");
const T = {
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    addon: "aws:eks/addon:Addon",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    cronJob: "kubernetes:batch/v1:CronJob",
};
const uploadEnv = () =>
    reveal(one(T.cronJob, "bookstore-backup-cronjob").inputs).spec.jobTemplate.spec.template.spec.containers[0].env as {
        name: string;
        value: string;
    }[];

describe("observability", () => {
    it("finds the controller's ALB by the name in its DNS name, public or internal", () => {
        // ELB API Reference, LoadBalancer.DNSName: [internal-]<name>-<number>.<region>.elb.amazonaws.com.
        assert.equal(albNameOfHostname(MOCK_ALB_HOSTNAME), "k8s-mycoolap-fastapii-0123456789");
        assert.equal(albNameOfHostname("internal-my-lb-2-1234567890.eu-west-1.elb.amazonaws.com"), "my-lb-2");
    });

    it("the missing-backup alarm outlasts the longest wait between runs by an hour, within CloudWatch's 7 days", () => {
        const period = (s: string) => backupAlarmSpec("b/p", scheduleLongestGapSeconds(s))?.period;
        assert.equal(period("17 3 * * *"), 25 * 3600);
        assert.equal(period("0 */6 * * *"), 7 * 3600);
        assert.equal(period("@weekly"), 7 * 86400, "capped at the 7 days PutMetricAlarm allows");
        assert.equal(period("0 3 1 * *"), undefined, "monthly: no alarm can wait that long");
        assert.equal(backupAlarmSpec("b/p", 86400)?.treatMissingData, "breaching", "no data is no backup");
    });

    it("docs/operations.md's figures are the code's: thresholds, the backup alarm's wait, the retention, CloudWatch's 7 days", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs", "operations.md"), "utf8").replace(/\s+/g, " ");
        const t = ALARM_THRESHOLDS;
        const daily = (backupAlarmSpec("b/p", scheduleLongestGapSeconds(DB_BACKUP_DEFAULTS.schedule))?.period ?? 0) / 3600;
        for (const phrase of [
            `the app answers ${t.targetErrors} or more requests with 5xx in 5 minutes`,
            `the ALB itself answers ${t.albErrors} or more with 5xx in 5 minutes`,
            `fails its health check ${t.unhealthyMinutes} minutes in a row`,
            `take over ${t.p95Seconds} s, 15 minutes in a row`,
            `(${daily} hours for the default daily schedule)`,
            `with ${CONTAINER_INSIGHTS_DEFAULTS.logRetentionDays} days' retention`,
            `over ${MAX_ALARM_WINDOW_SECONDS / 86400} days at most`,
        ]) {
            assert.ok(doc.includes(phrase), phrase);
        }
        // 3 periods of 5 minutes: the response-time alarm's window.
        const p95 = appAlarmSpecs("lb").find((s) => s.role === "response-time");
        assert.equal(((p95?.period ?? 0) * (p95?.evaluationPeriods ?? 0)) / 60, 15);
    });

    it("alertEmail must be an address SNS can deliver to", () => {
        assert.equal(checkEmail("ops@example.com"), undefined);
        for (const bad of ["ops", "ops@example", "a b@example.com", "ops@@example.com"]) assert.ok(checkEmail(bad), bad);
    });

    describe("alarms, the default", () => {
        before(async () => {
            await runProgram(dev);
        });

        it("one SNS topic, not under alias/aws/sns, that CloudWatch may publish to for this account's alarms", () => {
            const topic = one(T.topic, "bookstore-alarms-topic");
            assert.equal(reveal(topic.inputs).kmsMasterKeyId, undefined);
            const policy = JSON.parse(reveal(one(T.topicPolicy, "bookstore-alarms-topic-policy").inputs).policy);
            assert.deepEqual(policy.Statement[0].Principal, { Service: "cloudwatch.amazonaws.com" });
            assert.equal(policy.Statement[0].Action, "sns:Publish");
            assert.deepEqual(policy.Statement[0].Condition, {
                ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT}:alarm:*` },
                StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT },
            });
            assert.equal(ofType(T.subscription).length, 0, "no address, no subscription");
        });

        it("the ALB's 5xx, unhealthy targets and response time, by the ALB the controller made, each notifying the topic", () => {
            const asked = invocations.filter((i) => i.token === "aws:lb/getLoadBalancer:getLoadBalancer").pop();
            assert.equal(asked?.inputs.name, "k8s-mycoolap-fastapii-0123456789");
            const lb = "app/k8s-mycoolap-fastapii-0123456789/50dc6c495c0c9188";
            const alarm = (role: string) => reveal(one(T.alarm, `bookstore-alarms-${role}`).inputs);
            for (const [role, metric] of [
                ["target-5xx", "HTTPCode_Target_5XX_Count"],
                ["alb-5xx", "HTTPCode_ELB_5XX_Count"],
                ["response-time", "TargetResponseTime"],
            ]) {
                assert.equal(alarm(role).namespace, "AWS/ApplicationELB", role);
                assert.equal(alarm(role).metricName, metric);
                assert.deepEqual(alarm(role).dimensions, { LoadBalancer: lb });
            }
            assert.equal(alarm("target-5xx").threshold, ALARM_THRESHOLDS.targetErrors);
            assert.equal(alarm("response-time").extendedStatistic, "p95");
            const query = alarm("unhealthy-targets").metricQueries[0];
            assert.match(query.expression, new RegExp(`^SELECT MAX\\(UnHealthyHostCount\\) .* WHERE LoadBalancer = '${lb}'$`));
            const topicArn = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:bookstore-alarms-topic-0a1b2c3`; // the mock's autonamed topic
            for (const a of ofType(T.alarm)) {
                assert.deepEqual(reveal(a.inputs).alarmActions, [topicArn], a.name);
                assert.deepEqual(reveal(a.inputs).okActions, [topicArn], a.name);
            }
        });

        it("the backup job publishes its success, which the missing-backup alarm waits for", () => {
            assert.ok(uploadEnv().some((e) => e.name === "BACKUP_METRICS_NAMESPACE" && e.value === BACKUP_METRICS_NAMESPACE));
            const backup = reveal(one(T.alarm, "bookstore-alarms-backup-missing").inputs);
            assert.equal(backup.namespace, BACKUP_METRICS_NAMESPACE);
            assert.deepEqual(backup.dimensions, { Backup: "bookstore-backup-bucket-0a1b2c3/my-cool-app" });
            assert.equal(backup.period, 25 * 3600);
            assert.equal(backup.treatMissingData, "breaching");
        });

        it("and nothing of Container Insights", () => {
            assert.equal(ofType(T.logGroup).filter((r) => r.name.includes("container-insights")).length, 0);
            assert.ok(!ofType(T.addon).some((r) => r.inputs.addonName === "amazon-cloudwatch-observability"));
        });
    });

    it("a schedule whose runs are more than 7 days apart gets no missing-backup alarm (and a warning), the app's alarms all the same", async () => {
        await runProgram({ ...dev, "fastapi-eks:backupSchedule": "0 3 1 * *" });
        assert.equal(ofType(T.alarm).filter((r) => r.name === "bookstore-alarms-backup-missing").length, 0);
        assert.equal(ofType(T.alarm).length, 4);
    });

    it("alertEmail: the topic mails it", async () => {
        await runProgram({ ...dev, "fastapi-eks:alertEmail": "ops@example.com" });
        const sub = reveal(one(T.subscription, "bookstore-alarms-email").inputs);
        assert.deepEqual([sub.protocol, sub.endpoint], ["email", "ops@example.com"]);
    });

    it("off: no topic, no alarm, and the backup job publishes nothing and may not", async () => {
        const outputs = await runProgram({ ...dev, "fastapi-eks:observability": "off" });
        assert.equal(registrations().filter((r) => r.type.startsWith("aws:sns") || r.type === T.alarm).length, 0);
        assert.ok(!uploadEnv().some((e) => e.name === "BACKUP_METRICS_NAMESPACE"));
        const policy = reveal(one("aws:iam/policy:Policy", "bookstore-backup-dump-policy").inputs).policy;
        assert.ok(!policy.includes("cloudwatch:PutMetricData"));
        assert.equal((await deployedOutputs(outputs)).alarmTopicArn, undefined);
    });

    it("full: the CloudWatch Observability add-on, its agent's role, and its log groups made first with 30 days' retention", async () => {
        await runProgram({ ...dev, "fastapi-eks:observability": "full" });
        const addon = one(T.addon, "platform-container-insights-addon");
        const config = JSON.parse(reveal(addon.inputs).configurationValues);
        assert.equal(config.agent.config.logs.metrics_collected.kubernetes.accelerated_compute_metrics, false);
        assert.equal(config.manager.applicationSignals.autoMonitor.monitorAllServices, false);
        const groups = ofType(T.logGroup).filter((r) => r.name.startsWith("platform-container-insights-"));
        assert.deepEqual(
            groups.map((g) => reveal(g.inputs).name).sort(),
            ["application", "dataplane", "host", "performance"].map((k) => `/aws/containerinsights/fastapi-eks-test/${k}`),
        );
        for (const g of groups) {
            assert.equal(reveal(g.inputs).retentionInDays, 30);
            assert.ok(addon.dependencies.includes(g.urn), `the add-on waits for ${g.name}`);
        }
        const assoc = reveal(one(T.association, "platform-container-insights-pod-identity").inputs);
        assert.deepEqual([assoc.namespace, assoc.serviceAccount], ["amazon-cloudwatch", "cloudwatch-agent"]);
        const attached = reveal(one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "platform-container-insights-policy-0").inputs);
        assert.equal(attached.policyArn, "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy");
    });

    describe("full on an existing cluster", () => {
        const existing = { ...dev, "fastapi-eks:createCluster": false, "fastapi-eks:observability": "full" };

        it("installed where the cluster lacks it, kept by later ups, and removed by destroy with its role", async () => {
            const outputs = await runProgram({ ...existing, "fastapi-eks:clusterName": "workshop" });
            assert.ok(!one(T.addon, "platform-container-insights-addon").retainOnDelete);
            const earlier = await deployedOutputs(outputs);
            assert.equal((earlier.lastApplied as Record<string, unknown>).containerInsights, "installed");
        });

        it("where the cluster has it: never installed twice", async () => {
            await runProgram({ ...existing, "fastapi-eks:clusterName": "workshop-with-addons" });
            assert.ok(!ofType(T.addon).some((r) => r.inputs.addonName === "amazon-cloudwatch-observability"));
        });

        it("a log group an earlier install left: refused before anything is registered, naming the command that removes it", async () => {
            await assert.rejects(
                runProgram({ ...existing, "fastapi-eks:clusterName": "leftover" }),
                /fastapi-eks:observability: full would create the log group \/aws\/containerinsights\/leftover\/application, .*Fix: aws logs delete-log-group --log-group-name \/aws\/containerinsights\/leftover\/application/,
            );
            assert.deepEqual(registrations(), []);
        });
    });
});
