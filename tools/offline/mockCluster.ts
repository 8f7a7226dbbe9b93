/**
 * The mock runtime's fixed values: the account, the cluster's endpoint and
 * identity, the ALB's name, and what @pulumi/eks's Cluster returns.
 */
import * as crypto from "node:crypto";

export const MOCK_ALB_HOSTNAME = "k8s-mycoolap-fastapii-0123456789-1234567890.us-east-1.elb.amazonaws.com";

/** A deterministic stand-in for a generated password: URL-safe, of the requested length. */
export function mockPassword(name: string, length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const bytes = crypto.createHash("sha512").update(name).digest();
    return Array.from({ length }, (_, i) => alphabet[bytes[i % bytes.length] % alphabet.length]).join("");
}

export const MOCK_ACCOUNT = "012345678901";
export const MOCK_OIDC_ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
export const MOCK_OIDC_PROVIDER_ARN = `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/${MOCK_OIDC_ISSUER}`;
export const MOCK_ENDPOINT = "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com";
export const MOCK_CA =
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=";

/** The public subnet of the existing cluster, beside its two private ones. */
export const MOCK_EXISTING_PUBLIC_SUBNET = "subnet-0e00000000000000c";

/** What @pulumi/eks's Cluster returns: the real output names, with realistic values. */
export function eksClusterState(inputs: any): Record<string, unknown> {
    const name = inputs.name;
    const kubeconfig = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "kubernetes", cluster: { server: MOCK_ENDPOINT, "certificate-authority-data": MOCK_CA } }],
        contexts: [{ name: "aws", context: { cluster: "kubernetes", user: "aws" } }],
        "current-context": "aws",
        users: [
            {
                name: "aws",
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", name],
                    },
                },
            },
        ],
    };
    const eksCluster = {
        name,
        arn: `arn:aws:eks:us-east-1:${MOCK_ACCOUNT}:cluster/${name}`,
        version: inputs.version,
        endpoint: MOCK_ENDPOINT,
        certificateAuthority: { data: MOCK_CA },
        identities: [{ oidcs: [{ issuer: `https://${MOCK_OIDC_ISSUER}` }] }],
        vpcConfig: {
            vpcId: inputs.vpcId,
            subnetIds: [...(inputs.publicSubnetIds ?? []), ...(inputs.privateSubnetIds ?? [])],
            clusterSecurityGroupId: "sg-0c1a2b3c4d5e6f789",
        },
    };
    return {
        kubeconfig,
        kubeconfigJson: JSON.stringify(kubeconfig),
        eksCluster,
        core: {
            cluster: eksCluster,
            endpoint: MOCK_ENDPOINT,
            vpcId: inputs.vpcId,
            subnetIds: inputs.privateSubnetIds,
            oidcProvider: { arn: MOCK_OIDC_PROVIDER_ARN },
        },
        oidcProviderArn: MOCK_OIDC_PROVIDER_ARN,
        oidcProviderUrl: `https://${MOCK_OIDC_ISSUER}`,
        oidcIssuer: MOCK_OIDC_ISSUER,
        clusterSecurityGroupId: "sg-0123456789abcdef0",
        autoModeNodeRoleName: inputs.autoMode?.enabled ? `${name}-auto-node` : undefined,
        nodeSecurityGroupId: "sg-0fedcba9876543210",
    };
}
