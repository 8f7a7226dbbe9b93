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
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";

const MODELS = new Map(
    [Namespace, Service, Secret, ConfigMap, Deployment, StatefulSet, Ingress, StorageClass].map((m) => [`${m.apiVersion}/${m.kind}`, m]),
);

/** Throws if the object is invalid, or if its kind has no model here, so that nothing is skipped silently. */
export function validateObject(obj) {
    const Model = MODELS.get(`${obj.apiVersion}/${obj.kind}`);
    if (Model === undefined) throw new Error(`no schema model for ${obj.apiVersion} ${obj.kind}: add it to tests/k8sSchema.mjs`);
    new Model(obj).validate();
}
