import * as k8s from "@pulumi/kubernetes";
import { FastApiApp, PostgresDb, namespaceArgs } from "./components";
import { loadStackConfig } from "./config";

/** The `app.kubernetes.io/instance` label of everything this program deploys. */
const INSTANCE = "bookstore";

// Reads and validates every config key first: bad config fails here, before any resource is registered.
const cfg = loadStackConfig();

// The Kubernetes provider of the target cluster: the `kubeconfig` secret, or the ambient kubeconfig and `kubeContext`.
const provider = new k8s.Provider("k8s", { kubeconfig: cfg.kubeconfig, context: cfg.kubeContext });

const namespace = cfg.createNamespace
    ? new k8s.core.v1.Namespace("namespace", namespaceArgs(cfg.namespace, INSTANCE), { provider }).metadata.name
    : cfg.namespace;

const db = new PostgresDb("bookstore-db", {
    provider,
    namespace,
    image: cfg.dbImage,
    storageSize: cfg.dbStorageSize,
    storageClassName: cfg.dbStorageClass,
    createStorageClass: cfg.createStorageClass,
    databaseName: cfg.dbName,
    username: cfg.dbUser,
    password: cfg.dbPassword,
    superuserPassword: cfg.dbSuperuserPassword,
    instance: INSTANCE,
});

const app = new FastApiApp("bookstore-app", {
    provider,
    namespace,
    image: cfg.appImage,
    replicas: cfg.appReplicas,
    databaseUrl: db.connectionUrl,
    albScheme: cfg.albScheme,
    albTargetType: cfg.albTargetType,
    healthCheckPath: cfg.healthCheckPath,
    instance: INSTANCE,
});

export const albHostname = app.albHostname;
export const url = app.url;
export { namespace };
