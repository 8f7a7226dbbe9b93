/**
 * The policy pack's rules, run against the real program under mocks (all
 * must pass) and against a bad variant of each resource (each must fire).
 * policy/index.ts is never imported here: constructing a PolicyPack starts a
 * server and mocha would never exit.
 */
import * as assert from "node:assert/strict";
import { PolicyTarget, RULES, Rule, toPolicies } from "../policy/rules";
import { one, registrations, reveal } from "./harness";
import { StackSettings, runProgram, stackSettings } from "./program";

/** What the policy engine would see of every resource registered. */
function targets(): PolicyTarget[] {
    return registrations().map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: reveal(r.inputs) }));
}

function violations(rule: Rule, resources: PolicyTarget[]): string[] {
    const found: string[] = [];
    const report = (message: string) => {
        found.push(message);
    };
    for (const r of resources) rule.resource?.(r, report);
    rule.stack?.(resources, report);
    return found;
}

function rule(name: string): Rule {
    const found = RULES.find((r) => r.name === name);
    assert.ok(found, `rule ${name} exists`);
    return found;
}

/** A deep copy of a registered resource's target, changed by `edit`. */
function variant(type: string, name: string, edit: (props: any) => void): PolicyTarget {
    const base = one(type, name);
    const props = reveal(base.inputs);
    edit(props);
    return { type, name, urn: base.urn, props };
}

describe("policy pack", () => {
    it("has the eight rules, each with a description and an enforcement level", () => {
        assert.deepEqual(
            RULES.map((r) => r.name),
            [
                "containers-have-resources-and-probes",
                "containers-run-as-non-root",
                "images-are-pinned",
                "only-the-app-is-exposed",
                "database-stays-internal",
                "storage-classes-encrypt",
                "no-secrets-in-plain-config",
                "iam-no-admin-wildcards",
            ],
        );
        for (const r of RULES) {
            assert.ok(r.description.length > 20, r.name);
            assert.equal(r.enforcementLevel, "mandatory");
            assert.ok((r.resource === undefined) !== (r.stack === undefined), `${r.name} is a resource or a stack rule`);
        }
        const policies = toPolicies(RULES);
        assert.deepEqual(
            policies.map((p) => p.name),
            RULES.map((r) => r.name),
        );
        assert.ok(policies.every((p) => "validateStack" in p === (rule(p.name).stack !== undefined)));
    });

    const stacks: [string, StackSettings][] = [
        ["dev", stackSettings("dev")],
        ["prod", stackSettings("prod")],
        [
            "dev with 3 replicas, HTTPS, IRSA",
            {
                ...stackSettings("dev"),
                "fastapi-eks:appReplicas": "3",
                "fastapi-eks:identityMode": "irsa",
                "fastapi-eks:certificateArn": "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f",
            },
        ],
        ["dev on Auto Mode", { ...stackSettings("dev"), "fastapi-eks:autoMode": "true" }],
        ["dev on Aurora", { ...stackSettings("dev"), "fastapi-eks:database": "aurora" }],
    ];
    for (const [what, config] of stacks) {
        it(`the ${what} stack passes every rule`, async () => {
            await runProgram(config);
            const all = targets();
            assert.ok(all.length > 30);
            for (const r of RULES) assert.deepEqual(violations(r, all), [], r.name);
        });
    }

    describe("each rule fires on a bad variant", () => {
        before(async () => {
            await runProgram(stackSettings("dev"));
        });
        const DEP = "kubernetes:apps/v1:Deployment";
        const STS = "kubernetes:apps/v1:StatefulSet";

        it("containers-have-resources-and-probes", () => {
            const noLimits = variant(DEP, "bookstore-app-deployment", (p) => delete p.spec.template.spec.containers[0].resources.limits);
            assert.deepEqual(violations(rule("containers-have-resources-and-probes"), [noLimits]), [
                'container "web" of bookstore-app-deployment has no cpu limits: set resources.limits.cpu',
                'container "web" of bookstore-app-deployment has no memory limits: set resources.limits.memory',
            ]);
            const noProbe = variant(STS, "bookstore-db-statefulset", (p) => delete p.spec.template.spec.containers[0].livenessProbe);
            assert.deepEqual(violations(rule("containers-have-resources-and-probes"), [noProbe]), [
                'container "db" of bookstore-db-statefulset has no livenessProbe: add one so a hung process is restarted',
            ]);
        });

        it("containers-run-as-non-root, and images-are-pinned, cover the backup CronJobs' pods too", () => {
            const cron = variant("kubernetes:batch/v1:CronJob", "bookstore-backup-cronjob", (p) => {
                const pod = p.spec.jobTemplate.spec.template.spec;
                delete pod.securityContext.runAsNonRoot;
                delete pod.initContainers[0].securityContext.runAsNonRoot;
                pod.containers[0].image = "amazon/aws-cli:latest";
            });
            assert.deepEqual(violations(rule("containers-run-as-non-root"), [cron]), [
                'container "dump" of bookstore-backup-cronjob may run as root: set securityContext.runAsNonRoot: true',
            ]);
            assert.equal(violations(rule("images-are-pinned"), [cron]).length, 1);
            assert.deepEqual(violations(rule("containers-have-resources-and-probes"), [cron]), [], "no probes asked of a job");
        });

        it("containers-run-as-non-root", () => {
            const root = variant(DEP, "bookstore-app-deployment", (p) => {
                const pod = p.spec.template.spec;
                delete pod.securityContext.runAsNonRoot;
                delete pod.containers[0].securityContext.runAsNonRoot;
                pod.containers[0].securityContext.runAsUser = 0;
                pod.containers[0].securityContext.allowPrivilegeEscalation = true;
            });
            assert.deepEqual(violations(rule("containers-run-as-non-root"), [root]), [
                'container "web" of bookstore-app-deployment may run as root: set securityContext.runAsNonRoot: true',
                'container "web" of bookstore-app-deployment runs as UID 0: set a non-zero runAsUser',
                'container "web" of bookstore-app-deployment may escalate privileges: set securityContext.allowPrivilegeEscalation: false',
            ]);
        });

        it("images-are-pinned", () => {
            for (const image of ["postgres:latest", "postgres", "registry.example.com:5000/postgres"]) {
                const bad = variant(STS, "bookstore-db-statefulset", (p) => (p.spec.template.spec.containers[0].image = image));
                assert.equal(violations(rule("images-are-pinned"), [bad]).length, 1, image);
            }
            const digest = variant(
                STS,
                "bookstore-db-statefulset",
                (p) => (p.spec.template.spec.containers[0].image = `postgres@sha256:${"a".repeat(64)}`),
            );
            assert.deepEqual(violations(rule("images-are-pinned"), [digest]), []);
        });

        it("only-the-app-is-exposed", () => {
            const exposedDb = variant("kubernetes:core/v1:Service", "bookstore-db-service", (p) => {
                delete p.spec.clusterIP;
                p.spec.type = "LoadBalancer";
            });
            assert.deepEqual(violations(rule("only-the-app-is-exposed"), [exposedDb]), [
                "Service bookstore-db-service is of type LoadBalancer: only the app's Service may be exposed; use ClusterIP",
            ]);
        });

        it("database-stays-internal", () => {
            const all = targets();
            const swap = (bad: PolicyTarget) => all.map((r) => (r.urn === bad.urn && r.type === bad.type ? bad : r));
            const nodePort = variant("kubernetes:core/v1:Service", "bookstore-db-service", (p) => (p.spec.type = "NodePort"));
            assert.deepEqual(violations(rule("database-stays-internal"), swap(nodePort)), [
                "database Service bookstore-db-service is of type NodePort: make it ClusterIP (headless)",
            ]);
            const routed = variant(
                "kubernetes:networking.k8s.io/v1:Ingress",
                "bookstore-app-ingress",
                (p) => (p.spec.rules[0].http.paths[0].backend.service.name = "db"),
            );
            assert.deepEqual(violations(rule("database-stays-internal"), swap(routed)), [
                "Ingress bookstore-app-ingress routes to the database Service db: remove that path",
            ]);
            const open = variant(
                "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                "bookstore-db-network-policy",
                (p) => (p.spec.ingress[0].from = [{ ipBlock: { cidr: "0.0.0.0/0" } }]),
            );
            assert.deepEqual(violations(rule("database-stays-internal"), swap(open)), [
                "NetworkPolicy bookstore-db-network-policy admits traffic to the database from any address: allow only podSelector peers",
            ]);
            const unguarded = all.filter(
                (r) => !["bookstore-db-network-policy", "bookstore-backup-database-network-policy"].includes(r.name),
            );
            assert.deepEqual(violations(rule("database-stays-internal"), unguarded), [
                "no NetworkPolicy selects the database pods: add one that admits only the app's pods on 5432",
            ]);
        });

        it("storage-classes-encrypt", () => {
            const plain = variant(
                "kubernetes:storage.k8s.io/v1:StorageClass",
                "bookstore-db-storage-class",
                (p) => delete p.parameters.encrypted,
            );
            assert.deepEqual(violations(rule("storage-classes-encrypt"), [plain]), [
                'StorageClass bookstore-db-storage-class does not encrypt: set parameters.encrypted: "true"',
            ]);
        });

        it("no-secrets-in-plain-config", () => {
            const cm = variant("kubernetes:core/v1:ConfigMap", "bookstore-db-init-script", (p) => {
                p.data.DB_PASSWORD = "hunter2";
                p.data["app.env"] = "DATABASE=postgresql://bookdbadmin:dbpassword@db:5432/bookstore";
            });
            assert.deepEqual(violations(rule("no-secrets-in-plain-config"), [cm]), [
                'ConfigMap bookstore-db-init-script has a key "DB_PASSWORD" that names a secret: move it to a Secret',
                'ConfigMap bookstore-db-init-script key "app.env" holds a credential: move it to a Secret',
            ]);
            const env = variant(DEP, "bookstore-app-deployment", (p) => {
                p.spec.template.spec.containers[0].env = [{ name: "DOCKER_DATABASE_URL", value: "postgresql://u:p@db:5432/bookstore" }];
            });
            assert.deepEqual(violations(rule("no-secrets-in-plain-config"), [env]), [
                'container "web" of bookstore-app-deployment has DOCKER_DATABASE_URL in plain text: read it from a Secret with valueFrom.secretKeyRef',
            ]);
            // Where a secret is (an ARN), unlike the secret itself, may be plain.
            const where = variant(DEP, "bookstore-app-deployment", (p) => {
                p.spec.template.spec.containers[0].env = [
                    { name: "MASTER_SECRET_ARN", value: "arn:aws:secretsmanager:us-east-1:012345678901:secret:db-AbCdEf" },
                    { name: "MASTER_SECRET", value: "hunter2" },
                ];
            });
            assert.deepEqual(violations(rule("no-secrets-in-plain-config"), [where]), [
                'container "web" of bookstore-app-deployment has MASTER_SECRET in plain text: read it from a Secret with valueFrom.secretKeyRef',
            ]);
        });

        it("iam-no-admin-wildcards", () => {
            const admin = variant("aws:iam/policy:Policy", "platform-lb-controller-policy", (p) => {
                p.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
            });
            assert.deepEqual(violations(rule("iam-no-admin-wildcards"), [admin]), [
                'platform-lb-controller-policy allows "*" on "*": name the actions and resources it needs',
            ]);
            const inline = variant("aws:iam/role:Role", "platform-ebs-csi-role", (p) => {
                p.inlinePolicies = [
                    { name: "x", policy: JSON.stringify({ Statement: { Effect: "Allow", Action: ["*:*"], Resource: ["*"] } }) },
                ];
            });
            assert.equal(violations(rule("iam-no-admin-wildcards"), [inline]).length, 1);
        });
    });
});
