import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { checkQuantity, named } from "./validation";

/** Value of the `app.kubernetes.io/part-of` label on every object. */
export const PART_OF = "fastapi-eks";

/** The recommended labels (`app.kubernetes.io/*`) of one workload. */
export interface WorkloadLabels {
    /** Labels for every object of the workload. */
    labels: Record<string, string>;
    /**
     * The subset used in selectors. It holds only `name` and `instance`, which
     * never change for a given component, so a Deployment's or StatefulSet's
     * immutable selector stays valid across updates.
     */
    selector: Record<string, string>;
}

export function workloadLabels(appName: string, instance: string, component: string): WorkloadLabels {
    const selector = {
        "app.kubernetes.io/name": appName,
        "app.kubernetes.io/instance": instance,
    };
    return {
        selector,
        labels: {
            ...selector,
            "app.kubernetes.io/component": component,
            "app.kubernetes.io/part-of": PART_OF,
            "app.kubernetes.io/managed-by": "pulumi",
        },
    };
}

/** CPU and memory requests and limits of one container. */
export interface ResourceSettings {
    /** CPU request, a Kubernetes quantity such as `200m`. */
    cpuRequest: string;
    /** Memory request, such as `200Mi`. */
    memoryRequest: string;
    /** CPU limit, such as `1000m`. */
    cpuLimit: string;
    /** Memory limit, such as `1000Mi`. */
    memoryLimit: string;
}

/** Merges a caller's partial settings over the defaults, without mutating either. */
export function resolveResources(given: Partial<ResourceSettings> | undefined, defaults: ResourceSettings): ResourceSettings {
    return {
        cpuRequest: given?.cpuRequest ?? defaults.cpuRequest,
        memoryRequest: given?.memoryRequest ?? defaults.memoryRequest,
        cpuLimit: given?.cpuLimit ?? defaults.cpuLimit,
        memoryLimit: given?.memoryLimit ?? defaults.memoryLimit,
    };
}

export function checkResources(arg: string, r: ResourceSettings): (string | undefined)[] {
    return (Object.keys(r) as (keyof ResourceSettings)[]).map((k) => named(`${arg}.${k}`, checkQuantity(r[k])));
}

export function resourceRequirements(r: ResourceSettings) {
    return {
        requests: { cpu: r.cpuRequest, memory: r.memoryRequest },
        limits: { cpu: r.cpuLimit, memory: r.memoryLimit },
    };
}

/** The container security settings every workload gets. */
export function restrictedContainerSecurity(uid: number) {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: uid,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** A NetworkPolicy for one workload's pods, governing both directions: what `rules` do not allow is denied. */
export function workloadNetworkPolicyArgs(
    name: string,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
    rules: Pick<k8s.types.input.networking.v1.NetworkPolicySpec, "ingress" | "egress">,
): k8s.networking.v1.NetworkPolicyArgs {
    return {
        metadata: { name, namespace, labels: wl.labels },
        spec: { podSelector: { matchLabels: wl.selector }, policyTypes: ["Ingress", "Egress"], ...rules },
    };
}

/** The annotation by which IRSA gives a service account its role. */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

/** A service account with no API token mounted; with IRSA, annotated with its role. */
export function serviceAccountArgs(
    name: string,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
    irsaRoleArn?: pulumi.Input<string>,
): k8s.core.v1.ServiceAccountArgs {
    return {
        metadata: { name, namespace, labels, annotations: irsaRoleArn === undefined ? undefined : { [IRSA_ROLE_ANNOTATION]: irsaRoleArn } },
        automountServiceAccountToken: false,
    };
}

/**
 * The pod of a run-to-completion job: one init container then one container
 * (the second starts only once the first succeeded), its own service
 * account without an API token, no restarts in place, non-root with the
 * RuntimeDefault seccomp profile; `fsGroup` for volumes both must share.
 */
export function jobPodSpec(p: {
    serviceAccountName: pulumi.Input<string>;
    init: k8s.types.input.core.v1.Container;
    main: k8s.types.input.core.v1.Container;
    volumes: k8s.types.input.core.v1.Volume[];
    fsGroup?: number;
    nodeSelector?: Record<string, string>;
}): k8s.types.input.core.v1.PodSpec {
    return {
        serviceAccountName: p.serviceAccountName,
        nodeSelector: p.nodeSelector,
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        restartPolicy: "Never",
        securityContext: { runAsNonRoot: true, fsGroup: p.fsGroup, seccompProfile: { type: "RuntimeDefault" } },
        initContainers: [p.init],
        containers: [p.main],
        volumes: p.volumes,
    };
}

/** One container of a job: its command, env and mounts, with the settings every container here gets (limits, a hardened security context). */
export function jobContainer(c: {
    name: string;
    image: string;
    uid: number;
    command: string[];
    env: k8s.types.input.core.v1.EnvVar[];
    resources: ResourceSettings;
    volumeMounts: k8s.types.input.core.v1.VolumeMount[];
}) {
    return {
        name: c.name,
        image: c.image,
        command: c.command,
        env: c.env,
        resources: resourceRequirements(c.resources),
        securityContext: restrictedContainerSecurity(c.uid),
        volumeMounts: c.volumeMounts,
    };
}

/**
 * How many of a workload's pods voluntary evictions (drains, consolidation)
 * may take at once: 1 keeps all but one up (the app, above one replica; with
 * one it would block drains), 0 keeps the pod where it is (the database on
 * nodes Karpenter consolidates).
 */
export function podDisruptionBudgetArgs(
    name: string,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
    maxUnavailable = 1,
): k8s.policy.v1.PodDisruptionBudgetArgs {
    return {
        metadata: { name, namespace, labels: wl.labels },
        spec: { maxUnavailable, selector: { matchLabels: wl.selector } },
    };
}
