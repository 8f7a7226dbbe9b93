/**
 * The rules of the fastapi-eks policy pack, as plain functions over resource
 * properties so that tests can run them without starting a policy server.
 * policy/index.ts turns them into a CrossGuard PolicyPack.
 */
import type { EnforcementLevel, Policies, ReportViolation } from "@pulumi/policy";

/** What a rule sees of a resource: its type token, name, URN and input properties. */
export interface PolicyTarget {
    type: string;
    name: string;
    urn: string;
    props: Record<string, any>;
}

export interface Rule {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    /** Checks one resource; reports each violation with a message that says what to change. */
    resource?: (r: PolicyTarget, report: ReportViolation) => void;
    /** Checks the stack as a whole, for rules that relate resources to each other. */
    stack?: (resources: PolicyTarget[], report: ReportViolation) => void;
}

const WORKLOADS = new Set(["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet"]);
/** Pods that run to completion: the same rules, but no probes (nothing routes to them, and they end). */
const JOB = "kubernetes:batch/v1:Job";
const CRON_JOB = "kubernetes:batch/v1:CronJob";
const SERVICE = "kubernetes:core/v1:Service";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const IAM_POLICY_TYPES = new Set([
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
]);
/** The one workload allowed behind a NodePort or LoadBalancer Service: the app, reached through the ALB. */
const EXPOSABLE_APP = "fastapi";
const DATABASE_COMPONENT = "database";

interface Container {
    name: string;
    image?: string;
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    readinessProbe?: object;
    livenessProbe?: object;
    securityContext?: Record<string, any>;
    env?: { name: string; value?: string; valueFrom?: object }[];
}

function podSpec(
    r: PolicyTarget,
): { securityContext?: Record<string, any>; containers: Container[]; initContainers?: Container[] } | undefined {
    if (WORKLOADS.has(r.type) || r.type === JOB) return r.props.spec?.template?.spec;
    return r.type === CRON_JOB ? r.props.spec?.jobTemplate?.spec?.template?.spec : undefined;
}

function containersOf(r: PolicyTarget): Container[] {
    const pod = podSpec(r);
    return pod ? [...(pod.initContainers ?? []), ...(pod.containers ?? [])] : [];
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
    selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** Pod labels of the database workloads in the stack. */
function databasePods(resources: PolicyTarget[]): Record<string, string>[] {
    return resources
        .filter((r) => WORKLOADS.has(r.type) && r.props.metadata?.labels?.["app.kubernetes.io/component"] === DATABASE_COMPONENT)
        .map((r) => r.props.spec?.template?.metadata?.labels ?? {});
}

const SECRET_WORDS = /(password|passwd|secret|token|api[_-]?key|private[_-]?key|database_url|credentials)/i;
/** A name that says it holds a secret; one that ends in _ARN holds where a secret is (an AWS resource name), not the secret. */
const SECRET_NAME = { test: (name: string) => SECRET_WORDS.test(name) && !/_ARN$/i.test(name) };
const SECRET_VALUE = [/[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@]+@/i, /AKIA[0-9A-Z]{16}/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/];

function statementsOf(doc: unknown): { Effect?: string; Action?: string | string[]; Resource?: string | string[] }[] {
    if (typeof doc !== "string") return []; // unknown during preview: checked on update
    try {
        const parsed = JSON.parse(doc);
        return Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    } catch {
        return [];
    }
}
const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const RULES: Rule[] = [
    {
        name: "containers-have-resources-and-probes",
        description:
            "Every container sets CPU and memory requests and limits, and those of long-running workloads readiness and liveness probes.",
        enforcementLevel: "mandatory",
        resource: (r, report) => {
            for (const c of containersOf(r)) {
                for (const kind of ["requests", "limits"] as const) {
                    for (const res of ["cpu", "memory"]) {
                        if (!c.resources?.[kind]?.[res])
                            report(`container "${c.name}" of ${r.name} has no ${res} ${kind}: set resources.${kind}.${res}`);
                    }
                }
                if (WORKLOADS.has(r.type) && podSpec(r)?.containers.includes(c)) {
                    if (!c.readinessProbe)
                        report(`container "${c.name}" of ${r.name} has no readinessProbe: add one so traffic waits for it`);
                    if (!c.livenessProbe)
                        report(`container "${c.name}" of ${r.name} has no livenessProbe: add one so a hung process is restarted`);
                }
            }
        },
    },
    {
        name: "containers-run-as-non-root",
        description: "No container runs as root, is privileged, or may escalate privileges.",
        enforcementLevel: "mandatory",
        resource: (r, report) => {
            const pod = podSpec(r);
            for (const c of containersOf(r)) {
                const sc = { ...pod?.securityContext, ...c.securityContext };
                if (sc.runAsNonRoot !== true)
                    report(`container "${c.name}" of ${r.name} may run as root: set securityContext.runAsNonRoot: true`);
                if (sc.runAsUser === 0) report(`container "${c.name}" of ${r.name} runs as UID 0: set a non-zero runAsUser`);
                if (sc.privileged === true) report(`container "${c.name}" of ${r.name} is privileged: remove securityContext.privileged`);
                if (c.securityContext?.allowPrivilegeEscalation !== false) {
                    report(
                        `container "${c.name}" of ${r.name} may escalate privileges: set securityContext.allowPrivilegeEscalation: false`,
                    );
                }
            }
        },
    },
    {
        name: "images-are-pinned",
        description: "Every image is pinned by a tag other than latest, or by digest.",
        enforcementLevel: "mandatory",
        resource: (r, report) => {
            for (const c of containersOf(r)) {
                const image = c.image ?? "";
                const last = image.split("/").pop() ?? "";
                if (image.includes("@sha256:")) continue;
                if (!last.includes(":") || last.endsWith(":latest")) {
                    report(
                        `container "${c.name}" of ${r.name} uses "${image}", which is not pinned: use a version tag such as :1.0, or a digest`,
                    );
                }
            }
        },
    },
    {
        name: "only-the-app-is-exposed",
        description: "No Service is of type NodePort or LoadBalancer, except the app's (which the ALB reaches).",
        enforcementLevel: "mandatory",
        resource: (r, report) => {
            if (r.type !== SERVICE) return;
            const type = r.props.spec?.type ?? "ClusterIP";
            if (
                (type === "NodePort" || type === "LoadBalancer") &&
                r.props.metadata?.labels?.["app.kubernetes.io/name"] !== EXPOSABLE_APP
            ) {
                report(`Service ${r.name} is of type ${type}: only the app's Service may be exposed; use ClusterIP`);
            }
        },
    },
    {
        name: "database-stays-internal",
        description:
            "The database is never reachable from outside the cluster: its Services are ClusterIP, no Ingress routes to them, and a NetworkPolicy admits only pods.",
        enforcementLevel: "mandatory",
        stack: (resources, report) => {
            const pods = databasePods(resources);
            if (pods.length === 0) return;
            const dbServices = resources.filter(
                (r) => r.type === SERVICE && pods.some((labels) => matches(r.props.spec?.selector, labels)),
            );
            for (const svc of dbServices) {
                const type = svc.props.spec?.type ?? "ClusterIP";
                if (type !== "ClusterIP") report(`database Service ${svc.name} is of type ${type}: make it ClusterIP (headless)`, svc.urn);
            }
            const dbServiceNames = new Set(dbServices.map((s) => s.props.metadata?.name));
            for (const ing of resources.filter((r) => r.type === INGRESS)) {
                const backends = (ing.props.spec?.rules ?? [])
                    .flatMap((rule: any) => rule.http?.paths ?? [])
                    .map((p: any) => p.backend?.service?.name);
                if (ing.props.spec?.defaultBackend?.service?.name) backends.push(ing.props.spec.defaultBackend.service.name);
                for (const b of backends)
                    if (dbServiceNames.has(b)) report(`Ingress ${ing.name} routes to the database Service ${b}: remove that path`, ing.urn);
            }
            const guarding = resources.filter(
                (r) => r.type === NETWORK_POLICY && pods.some((labels) => matches(r.props.spec?.podSelector?.matchLabels, labels)),
            );
            if (guarding.length === 0)
                report("no NetworkPolicy selects the database pods: add one that admits only the app's pods on 5432");
            for (const np of guarding) {
                const peers = (np.props.spec?.ingress ?? []).flatMap((rule: any) => rule.from ?? [undefined]);
                if (peers.some((p: any) => p === undefined || p.ipBlock !== undefined)) {
                    report(
                        `NetworkPolicy ${np.name} admits traffic to the database from any address: allow only podSelector peers`,
                        np.urn,
                    );
                }
            }
        },
    },
    {
        name: "storage-classes-encrypt",
        description: "Every StorageClass encrypts its volumes.",
        enforcementLevel: "mandatory",
        resource: (r, report) => {
            if (r.type !== "kubernetes:storage.k8s.io/v1:StorageClass") return;
            if (r.props.parameters?.encrypted !== "true")
                report(`StorageClass ${r.name} does not encrypt: set parameters.encrypted: "true"`);
        },
    },
    {
        name: "no-secrets-in-plain-config",
        description: "No secret value sits in a ConfigMap or in a container's plain environment; secrets come from Secrets.",
        enforcementLevel: "mandatory",
        resource: (r, report) => {
            if (r.type === "kubernetes:core/v1:ConfigMap") {
                for (const [key, value] of Object.entries<string>(r.props.data ?? {})) {
                    if (SECRET_NAME.test(key)) report(`ConfigMap ${r.name} has a key "${key}" that names a secret: move it to a Secret`);
                    if (SECRET_VALUE.some((re) => re.test(String(value))))
                        report(`ConfigMap ${r.name} key "${key}" holds a credential: move it to a Secret`);
                }
            }
            for (const c of containersOf(r)) {
                for (const e of c.env ?? []) {
                    if (e.value === undefined) continue;
                    if (SECRET_NAME.test(e.name) || SECRET_VALUE.some((re) => re.test(e.value as string))) {
                        report(
                            `container "${c.name}" of ${r.name} has ${e.name} in plain text: read it from a Secret with valueFrom.secretKeyRef`,
                        );
                    }
                }
            }
        },
    },
    {
        name: "iam-no-admin-wildcards",
        description: 'No IAM policy allows every action ("*") on every resource ("*").',
        enforcementLevel: "mandatory",
        resource: (r, report) => {
            const docs = IAM_POLICY_TYPES.has(r.type)
                ? [r.props.policy]
                : r.type === "aws:iam/role:Role"
                  ? (r.props.inlinePolicies ?? []).map((p: { policy?: string }) => p.policy)
                  : [];
            for (const st of docs.flatMap(statementsOf)) {
                if (st.Effect !== "Allow") continue;
                const anyAction = asList(st.Action).some((a) => a === "*" || a === "*:*");
                if (anyAction && asList(st.Resource).includes("*"))
                    report(`${r.name} allows "*" on "*": name the actions and resources it needs`);
            }
        },
    },
];

/** The rules as CrossGuard policies. */
export function toPolicies(rules: Rule[]): Policies {
    return rules.map(({ name, description, enforcementLevel, resource, stack }) =>
        stack
            ? { name, description, enforcementLevel, validateStack: (args, report) => stack(args.resources, report) }
            : { name, description, enforcementLevel, validateResource: (args, report) => resource?.(args, report) },
    );
}
