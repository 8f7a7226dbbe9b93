import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

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
