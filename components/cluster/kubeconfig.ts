/**
 * The kubeconfig the program's Kubernetes provider uses, for a created or a
 * looked-up cluster alike. @pulumi/eks's own `kubeconfigJson` leaves the AWS
 * profile out on purpose (nodejs/eks/cluster/cluster.ts: "kubeconfigWithoutProfile",
 * for other users), so with `aws:profile` set its `aws eks get-token` would run
 * under other credentials and every Kubernetes call would be Unauthorized.
 */
/** A kubeconfig that authenticates with `aws eks get-token`, as `aws eks update-kubeconfig` writes it (with `--profile` and `--role-arn` when given). */
export function execKubeconfig(c: {
    clusterName: string;
    endpoint: string;
    caData: string;
    region: string;
    profile?: string;
    roleArn?: string;
}): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: c.clusterName, cluster: { server: c.endpoint, "certificate-authority-data": c.caData } }],
        contexts: [{ name: c.clusterName, context: { cluster: c.clusterName, user: c.clusterName } }],
        "current-context": c.clusterName,
        users: [
            {
                name: c.clusterName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: [
                            "eks",
                            "get-token",
                            "--cluster-name",
                            c.clusterName,
                            "--region",
                            c.region,
                            ...(c.profile ? ["--profile", c.profile] : []),
                            ...(c.roleArn ? ["--role-arn", c.roleArn] : []),
                            "--output",
                            "json",
                        ],
                    },
                },
            },
        ],
    });
}
