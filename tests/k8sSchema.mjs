// Validates Kubernetes objects against the Kubernetes OpenAPI schema, through
// the models that kubernetes-models generates from it. An ES module because
// kubernetes-models exports only to `import`; the tests load it with require(),
// which Node 22+ supports for ES modules.
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { Secret } from "kubernetes-models/v1/Secret";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { IngressClass } from "kubernetes-models/networking.k8s.io/v1/IngressClass";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { ValidatingAdmissionPolicy } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy";
import { ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding";

const MODELS = new Map(
    [
        Namespace,
        Service,
        Secret,
        ConfigMap,
        ServiceAccount,
        CronJob,
        Deployment,
        StatefulSet,
        Ingress,
        IngressClass,
        StorageClass,
        NetworkPolicy,
        PodDisruptionBudget,
        ClusterRole,
        ClusterRoleBinding,
        ValidatingAdmissionPolicy,
        ValidatingAdmissionPolicyBinding,
    ].map((m) => [`${m.apiVersion}/${m.kind}`, m]),
);

/**
 * Custom resources of CRDs that EKS installs, which the upstream schema does
 * not know. Each is checked for its required shape instead, and listed here by
 * name so that no other kind slips through.
 */
const EKS_CUSTOM_RESOURCES = {
    "eks.amazonaws.com/v1/IngressClassParams": (obj) => {
        if (typeof obj.metadata?.name !== "string") throw new Error("IngressClassParams needs metadata.name");
        if (!["internet-facing", "internal"].includes(obj.spec?.scheme)) throw new Error("IngressClassParams needs spec.scheme");
    },
    // EKS User Guide, "Create a Node Class for Amazon EKS": role, subnet and security group selectors; networkPolicy DefaultAllow or DefaultDeny.
    "eks.amazonaws.com/v1/NodeClass": (obj) => {
        if (typeof obj.metadata?.name !== "string") throw new Error("NodeClass needs metadata.name");
        if (typeof obj.spec?.role !== "string" || obj.spec.role === "") throw new Error("NodeClass needs spec.role");
        for (const k of ["subnetSelectorTerms", "securityGroupSelectorTerms"])
            if (!Array.isArray(obj.spec[k]) || obj.spec[k].length === 0) throw new Error(`NodeClass needs spec.${k}`);
        if (!["DefaultAllow", "DefaultDeny"].includes(obj.spec.networkPolicy))
            throw new Error("NodeClass spec.networkPolicy is DefaultAllow or DefaultDeny");
    },
    // Karpenter v1 NodePool, as EKS Auto Mode takes it: a nodeClassRef to an EKS NodeClass, and requirements.
    "karpenter.sh/v1/NodePool": (obj) => {
        const ref = obj.spec?.template?.spec?.nodeClassRef;
        if (ref?.group !== "eks.amazonaws.com" || ref?.kind !== "NodeClass" || typeof ref?.name !== "string")
            throw new Error("NodePool needs spec.template.spec.nodeClassRef to an eks.amazonaws.com NodeClass");
        if (!Array.isArray(obj.spec.template.spec.requirements)) throw new Error("NodePool needs spec.template.spec.requirements");
    },
};

/** Throws if the object is invalid, or if its kind has no model here, so that nothing is skipped silently. */
export function validateObject(obj) {
    const custom = EKS_CUSTOM_RESOURCES[`${obj.apiVersion}/${obj.kind}`];
    if (custom !== undefined) return custom(obj);
    const Model = MODELS.get(`${obj.apiVersion}/${obj.kind}`);
    if (Model === undefined) throw new Error(`no schema model for ${obj.apiVersion} ${obj.kind}: add it to tests/k8sSchema.mjs`);
    new Model(obj).validate();
}
