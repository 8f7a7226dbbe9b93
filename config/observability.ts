/** Knowing when it breaks: the alarms, and Container Insights on request. See declare.ts. */
import * as pulumi from "@pulumi/pulumi";
import { OBSERVABILITY_LEVELS, checkEmail } from "../components";
import { Declarations, Values } from "./declare";
import { Reader, readKeys } from "./reader";

export const OBSERVABILITY_KEYS = {
    observability: {
        type: "string",
        default: "alarms",
        description: "off, alarms (CloudWatch alarms on the ALB and the backups, to an SNS topic) or full (also Container Insights).",
        doc: "`off`, `alarms` or `full`. `alarms`: CloudWatch alarms on the app's ALB (5xx, unhealthy targets, response time) and on the backups (none succeeded in time), each notifying one SNS topic (stack output `alarmTopicArn`); no agent on the cluster. `full`: also the `amazon-cloudwatch-observability` add-on (Container Insights and the pods' logs, kept 30 days), on a cluster known by name. See [Alarms](operations.md#alarms).",
        oneOf: OBSERVABILITY_LEVELS,
        example: "full",
    },
    alertEmail: {
        type: "string",
        default: "",
        description: "An email address the alarms' SNS topic notifies; AWS sends it a confirmation first. Empty: none.",
        docDefault: '`""` (none)',
        doc: "An email address subscribed to the alarms' topic. AWS mails it a confirmation link; until it is followed, nothing is delivered there.",
        example: "ops@example.com",
        check: checkEmail,
        optional: true,
    },
} as const satisfies Declarations;

/** The observability settings, as declared above. */
export type ObservabilityConfig = Values<typeof OBSERVABILITY_KEYS>;

export function readObservabilityConfig(r: Reader): ObservabilityConfig {
    return readKeys(r, OBSERVABILITY_KEYS);
}

/** An email address does nothing without alarms, nor without a region for them; the add-on needs the cluster's name. */
export function checkObservabilityModes(r: Reader, c: ObservabilityConfig & { clusterName?: string; awsRegion?: string }): void {
    // Without a region the stack makes nothing on AWS, alarms included; an address is then moot.
    if (c.observability !== "off" && !c.awsRegion && c.alertEmail !== undefined) {
        r.conflict(
            "alertEmail",
            "does nothing without aws:region: the alarms and their topic live in the ALB's region",
            "pulumi config set aws:region <the cluster's region>",
        );
    } else if (c.observability !== "off" && !c.awsRegion) {
        pulumi.log.warn(
            "No alarms: they are CloudWatch alarms in the ALB's region, and the stack has no aws:region. To make them: pulumi config set aws:region <the cluster's region>. To silence this: pulumi config set observability off.",
        );
    }
    if (c.observability === "off" && c.alertEmail !== undefined) {
        r.conflict(
            "alertEmail",
            "does nothing: observability is off, so nothing notifies it",
            "pulumi config rm alertEmail (or pulumi config set observability alarms)",
        );
    }
    if (c.observability === "full" && c.clusterName === undefined) {
        r.conflict(
            "observability",
            "full installs an EKS add-on, which needs the cluster's name; a kubeconfig does not say it",
            "pulumi config set clusterName <your cluster>, or pulumi config set observability alarms",
        );
    }
}
