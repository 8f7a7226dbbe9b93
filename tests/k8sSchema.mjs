// Validates Kubernetes objects against the Kubernetes OpenAPI schema, through
// the models that kubernetes-models generates from it. An ES module because
// kubernetes-models exports only to `import`; the tests load it with require(),
// which Node 22+ supports for ES modules.
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { Secret } from "kubernetes-models/v1/Secret";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { IngressClass } from "kubernetes-models/networking.k8s.io/v1/IngressClass";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";

const MODELS = new Map(
    [Namespace, Service, Secret, ConfigMap, Deployment, StatefulSet, Ingress, IngressClass, StorageClass, NetworkPolicy, PodDisruptionBudget].map((m) => [`${m.apiVersion}/${m.kind}`, m]),
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
};

/** Throws if the object is invalid, or if its kind has no model here, so that nothing is skipped silently. */
export function validateObject(obj) {
    const custom = EKS_CUSTOM_RESOURCES[`${obj.apiVersion}/${obj.kind}`];
    if (custom !== undefined) return custom(obj);
    const Model = MODELS.get(`${obj.apiVersion}/${obj.kind}`);
    if (Model === undefined) throw new Error(`no schema model for ${obj.apiVersion} ${obj.kind}: add it to tests/k8sSchema.mjs`);
    new Model(obj).validate();
}
