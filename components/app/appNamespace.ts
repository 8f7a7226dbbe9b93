import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { workloadLabels } from "../shared";

export interface AppNamespaceArgs {
    /** Name of the namespace. Default `my-cool-app`. */
    name?: string;
    /** Create the namespace; false when it exists already (the policies are created in it all the same). Default true. */
    create?: boolean;
    /** Protect the created namespace from deletion: deleting it deletes the database's volume claim. Default true. */
    protect?: boolean;
    /** Where the pods' DNS answers: CoreDNS pods in kube-system, or a resolver on each node (EKS Auto Mode). Default `clusterPods`. */
    dns?: DnsServer;
    /** Value of the `app.kubernetes.io/instance` label. Default: the component's name. */
    instance?: string;
}

/**
 * Where a cluster answers DNS: CoreDNS pods in kube-system (a standard EKS
 * cluster's add-on), or a CoreDNS system service on every node, as EKS Auto
 * Mode runs it, which no pod or namespace selector can name.
 */
export type DnsServer = "clusterPods" | "nodeLocal";

export const APP_NAMESPACE_DEFAULTS = { name: "my-cool-app", create: true, protect: true, dns: "clusterPods" } as const;

export function namespaceArgs(name: string, labels: Record<string, string>): k8s.core.v1.NamespaceArgs {
    return { metadata: { name, labels } };
}

/** Denies all traffic to and from every pod of the namespace, unless another policy allows it. */
export function defaultDenyPolicyArgs(
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
): k8s.networking.v1.NetworkPolicyArgs {
    return {
        metadata: { name: "default-deny", namespace, labels },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    };
}

/**
 * Lets every pod of the namespace resolve names through the cluster DNS: the
 * CoreDNS pods, or, where DNS answers on the node, port 53 at any address
 * (only the DNS ports; the resolver's address is the node's, whichever node).
 */
export function allowDnsPolicyArgs(
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
    dns: DnsServer = APP_NAMESPACE_DEFAULTS.dns,
): k8s.networking.v1.NetworkPolicyArgs {
    const ports = [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
    ];
    if (dns === "nodeLocal") {
        return {
            metadata: { name: "allow-dns", namespace, labels },
            spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports }] },
        };
    }
    return {
        metadata: { name: "allow-dns", namespace, labels },
        spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [
                        {
                            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                        },
                    ],
                    ports,
                },
            ],
        },
    };
}

/**
 * The app's namespace and its baseline NetworkPolicies: default deny, DNS
 * allowed. The workloads add what they need (PostgresDb, FastApiApp).
 */
export class AppNamespace extends pulumi.ComponentResource {
    /** The namespace's name; waits for the namespace when it is created here. */
    public readonly name: pulumi.Output<string>;

    constructor(name: string, args: AppNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        const d = APP_NAMESPACE_DEFAULTS;
        const nsName = args.name ?? d.name;
        super("fastapi-eks:app:AppNamespace", name, {}, opts);
        const childOpts = { parent: this };
        const labels = workloadLabels("bookstore", args.instance ?? name, "namespace").labels;

        this.name =
            (args.create ?? d.create)
                ? new k8s.core.v1.Namespace(`${name}-namespace`, namespaceArgs(nsName, labels), {
                      ...childOpts,
                      protect: args.protect ?? d.protect,
                  }).metadata.name
                : pulumi.output(nsName);
        new k8s.networking.v1.NetworkPolicy(`${name}-default-deny`, defaultDenyPolicyArgs(this.name, labels), childOpts);
        new k8s.networking.v1.NetworkPolicy(`${name}-allow-dns`, allowDnsPolicyArgs(this.name, labels, args.dns), childOpts);
        this.registerOutputs({ name: this.name });
    }
}
