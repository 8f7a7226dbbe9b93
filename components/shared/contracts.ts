/**
 * What the layers agree on without importing each other: the app's and the
 * database's pod labels (for each other's NetworkPolicies), the database's
 * port, the ALB schemes, and the provisioners a database volume can use.
 */
import { workloadLabels } from "./workloads";

export const APP_NAME = "fastapi";
export const APP_COMPONENT = "web";
export const DB_NAME = "postgres";
export const DB_COMPONENT = "database";
export const POSTGRES_PORT = 5432;

/** Selector of the app's pods for a given `app.kubernetes.io/instance`, for other components' NetworkPolicies. */
export function fastApiPodSelector(instance: string): Record<string, string> {
    return workloadLabels(APP_NAME, instance, APP_COMPONENT).selector;
}

/** Selector of the database pods for a given `app.kubernetes.io/instance`, for other components' NetworkPolicies. */
export function postgresPodSelector(instance: string): Record<string, string> {
    return workloadLabels(DB_NAME, instance, DB_COMPONENT).selector;
}

export const ALB_SCHEMES = ["internet-facing", "internal"] as const;
export type AlbScheme = (typeof ALB_SCHEMES)[number];

/** The EBS CSI driver's provisioner, as the workshop's StorageClass. */
export const EBS_PROVISIONER = "ebs.csi.aws.com";
/** EKS Auto Mode's built-in block storage provisioner. */
export const AUTO_MODE_EBS_PROVISIONER = "ebs.csi.eks.amazonaws.com";
