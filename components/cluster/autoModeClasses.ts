import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { AlbScheme, PART_OF, checkDnsLabel, named, throwIfProblems } from "../shared";

export interface AutoModeClassesArgs {
    /** Name of the IngressClass (and its IngressClassParams). Default `alb`. */
    ingressClassName?: string;
    /** Scheme of the ALBs made for this class. Default `internet-facing`. */
    scheme?: AlbScheme;
}

/** The EBS provisioner built into EKS Auto Mode. */
export const AUTO_MODE_ALB_CONTROLLER = "eks.amazonaws.com/alb";

/**
 * What an EKS Auto Mode cluster needs for ALB Ingresses: an IngressClassParams
 * and the IngressClass `alb` that points at Auto Mode's built-in controller.
 * (Its block storage needs only a StorageClass with AUTO_MODE_EBS_PROVISIONER,
 * which PostgresDb creates.)
 */
export class AutoModeClasses extends pulumi.ComponentResource {
    public readonly ingressClass: k8s.networking.v1.IngressClass;

    constructor(name: string, args: AutoModeClassesArgs, opts?: pulumi.ComponentResourceOptions) {
        const className = args.ingressClassName ?? "alb";
        throwIfProblems(`AutoModeClasses "${name}"`, [named("ingressClassName", checkDnsLabel(className))]);
        super("fastapi-eks:cluster:AutoModeClasses", name, {}, opts);
        const childOpts = { parent: this };
        const labels = {
            "app.kubernetes.io/name": "alb",
            "app.kubernetes.io/instance": name,
            "app.kubernetes.io/component": "ingress-class",
            "app.kubernetes.io/part-of": PART_OF,
        };
        const params = new k8s.apiextensions.CustomResource(
            `${name}-ingress-class-params`,
            {
                apiVersion: "eks.amazonaws.com/v1",
                kind: "IngressClassParams",
                metadata: { name: className, labels },
                spec: { scheme: args.scheme ?? "internet-facing" },
            },
            childOpts,
        );
        this.ingressClass = new k8s.networking.v1.IngressClass(
            `${name}-ingress-class`,
            {
                metadata: { name: className, labels },
                spec: {
                    controller: AUTO_MODE_ALB_CONTROLLER,
                    parameters: { apiGroup: "eks.amazonaws.com", kind: "IngressClassParams", name: params.metadata.name },
                },
            },
            childOpts,
        );
        this.registerOutputs({ ingressClassName: this.ingressClass.metadata.name });
    }
}
