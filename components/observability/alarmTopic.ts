import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { PolicyDocument } from "../addons";
import { AlarmSpec, albNameOfHostname, appAlarmSpecs, backupAlarmSpec } from "./alarms";

export interface AlarmsArgs {
    /** DNS name of the app's ALB, from its Ingress's status. Default none: no app alarms. */
    albHostname?: pulumi.Input<string>;
    /**
     * The backups to watch: the `Backup` dimension the backup job publishes (`<bucket>/<prefix>`), and the longest
     * wait between two runs of its schedule, in seconds. Default none: no backup alarm.
     */
    backup?: { dimension: pulumi.Input<string>; longestGapSeconds: number };
    /** An email address the topic sends every alarm to, once its owner confirms the subscription. Default none. */
    alertEmail?: string;
}

/**
 * Who may publish to the topic: CloudWatch, for this account's alarms (SNS
 * Developer Guide, "Amazon SNS security best practices": aws:SourceArn and
 * aws:SourceAccount against the confused deputy).
 */
export function alarmTopicPolicy(topicArn: string): PolicyDocument {
    const [, partition, , region, account] = topicArn.split(":");
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudWatchAlarms",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: {
                    ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
                    StringEquals: { "aws:SourceAccount": account },
                },
            },
        ],
    };
}

/**
 * CloudWatch alarms on the app's ALB and on the backups, each notifying one
 * SNS topic when it fires and when it clears. The topic is not encrypted: a
 * topic under the AWS-managed key `alias/aws/sns` silently drops CloudWatch's
 * notifications (its key policy cannot grant CloudWatch), and the messages
 * carry alarm names and figures, no secret.
 */
export class Alarms extends pulumi.ComponentResource {
    /** The topic every alarm notifies; subscribe to it (email, chat, paging). */
    public readonly topicArn: pulumi.Output<string>;
    /** The alarms' names. */
    public readonly alarmNames: pulumi.Output<string>[];

    constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fastapi-eks:observability:Alarms", name, {}, opts);
        const parent = { parent: this };
        const topic = new aws.sns.Topic(`${name}-topic`, {}, parent);
        new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            { arn: topic.arn, policy: topic.arn.apply((a) => JSON.stringify(alarmTopicPolicy(a))) },
            parent,
        );
        if (args.alertEmail) {
            new aws.sns.TopicSubscription(`${name}-email`, { topic: topic.arn, protocol: "email", endpoint: args.alertEmail }, parent);
        }
        const specs: AlarmSpec[] = [];
        if (args.albHostname !== undefined) {
            // The controller makes the ALB, not Pulumi: found by the name in its DNS name, once the Ingress has it.
            const alb = aws.lb.getLoadBalancerOutput({ name: pulumi.output(args.albHostname).apply(albNameOfHostname) }, parent);
            specs.push(...appAlarmSpecs(alb.arnSuffix));
        }
        const backup = args.backup && backupAlarmSpec(args.backup.dimension, args.backup.longestGapSeconds);
        if (backup) specs.push(backup);
        else if (args.backup) {
            const days = Math.ceil(args.backup.longestGapSeconds / 86400);
            pulumi.log.warn(
                `No missing-backup alarm: the backup schedule's runs are up to ${days} days apart, longer than the 7 days a CloudWatch alarm can watch. To have one: pulumi config set backupSchedule "17 3 * * *"`,
                this,
            );
        }
        this.alarmNames = specs.map(
            (s) =>
                new aws.cloudwatch.MetricAlarm(
                    `${name}-${s.role}`,
                    {
                        alarmDescription: s.description,
                        comparisonOperator: s.comparisonOperator,
                        threshold: s.threshold,
                        evaluationPeriods: s.evaluationPeriods,
                        datapointsToAlarm: s.datapointsToAlarm,
                        treatMissingData: s.treatMissingData,
                        namespace: s.namespace,
                        metricName: s.metricName,
                        dimensions: s.dimensions,
                        statistic: s.statistic,
                        extendedStatistic: s.extendedStatistic,
                        period: s.period,
                        metricQueries: s.query && [{ id: "q1", expression: s.query.expression, period: s.query.period, returnData: true }],
                        alarmActions: [topic.arn],
                        okActions: [topic.arn],
                    },
                    parent,
                ).name,
        );
        this.topicArn = topic.arn;
        this.registerOutputs({ topicArn: this.topicArn });
    }
}
