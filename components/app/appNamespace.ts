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
    /** Value of the `app.kubernetes.io/instance` label. Default: the component's name. */
    instance?: string;
}

export const APP_NAMESPACE_DEFAULTS = { name: "my-cool-app", create: true, protect: true } as const;

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

/** Lets every pod of the namespace resolve names through the cluster DNS. */
export function allowDnsPolicyArgs(namespace: pulumi.Input<string>, labels: Record<string, string>): k8s.networking.v1.NetworkPolicyArgs {
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
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
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
        new k8s.networking.v1.NetworkPolicy(`${name}-allow-dns`, allowDnsPolicyArgs(this.name, labels), childOpts);
        this.registerOutputs({ name: this.name });
    }
}
