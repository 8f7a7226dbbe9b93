import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { WorkloadLabels } from "../shared";

/** Keeps all but one pod up through node drains; only for more than one replica (with one, it would block drains). */
export function podDisruptionBudgetArgs(
    name: string,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
): k8s.policy.v1.PodDisruptionBudgetArgs {
    return {
        metadata: { name, namespace, labels: wl.labels },
        spec: { maxUnavailable: 1, selector: { matchLabels: wl.selector } },
    };
}

/**
 * The app's HorizontalPodAutoscaler (autoscaling/v2): between `minReplicas`
 * and `maxReplicas` pods, at `targetCpuPercent` of their CPU requests on
 * average (metrics-server provides the figures).
 */
export function autoscalerArgs(
    name: string,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
    s: { minReplicas: number; maxReplicas: number; targetCpuPercent: number },
): k8s.autoscaling.v2.HorizontalPodAutoscalerArgs {
    return {
        metadata: { name, namespace, labels },
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
            minReplicas: s.minReplicas,
            maxReplicas: s.maxReplicas,
            metrics: [
                { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: s.targetCpuPercent } } },
            ],
        },
    };
}
