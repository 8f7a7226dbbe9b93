/**
 * The alarms, as plain shapes: what each watches, when it fires and why that
 * threshold. The ALB's metrics are in the AWS/ApplicationELB namespace, by
 * load balancer (ELB User Guide, "CloudWatch metrics for your Application
 * Load Balancer"); the backups' are the backup job's own (scripts.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { APP_NAME, BACKUP_METRICS_NAMESPACE } from "../shared";

/** One alarm: its role in the resource name, and the MetricAlarm fields besides its actions. */
export interface AlarmSpec {
    role: string;
    description: string;
    comparisonOperator: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold";
    threshold: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
    treatMissingData: "breaching" | "notBreaching";
    namespace?: string;
    metricName?: string;
    dimensions?: Record<string, pulumi.Input<string>>;
    statistic?: "Sum" | "Maximum";
    extendedStatistic?: string;
    period?: number;
    /** A Metrics Insights query, instead of one metric. */
    query?: { expression: pulumi.Input<string>; period: number };
}

/** The thresholds, each explained in docs/operations.md ("Alarms"). */
export const ALARM_THRESHOLDS = {
    /** 5xx answers from the app in 5 minutes. */
    targetErrors: 10,
    /** 5xx answers from the ALB itself (no healthy target, a timeout) in 5 minutes. */
    albErrors: 10,
    /** Minutes in a row with an unhealthy target. */
    unhealthyMinutes: 5,
    /** Seconds the slowest 5% of answers take, over 3 five-minute periods in a row. */
    p95Seconds: 1,
} as const;

/**
 * The load balancer's name from its DNS name, `[internal-]<name>-<number>.<region>.elb.amazonaws.com`
 * (ELB API Reference, LoadBalancer.DNSName; a name may not begin with `internal-`).
 */
export function albNameOfHostname(hostname: string): string {
    return hostname
        .split(".")[0]
        .replace(/^internal-/, "")
        .replace(/-\d+$/, "");
}

/** The app's alarms, for the load balancer whose ARN suffix (`app/<name>/<id>`) is the metrics' LoadBalancer dimension. */
export function appAlarmSpecs(loadBalancer: pulumi.Input<string>): AlarmSpec[] {
    const t = ALARM_THRESHOLDS;
    const unhealthy = (lb: string) =>
        `SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup) WHERE LoadBalancer = '${lb}'`;
    const alb = { namespace: "AWS/ApplicationELB", dimensions: { LoadBalancer: loadBalancer }, period: 300 };
    // No requests, no data point: quiet is not an error.
    const quiet = { treatMissingData: "notBreaching" as const };
    return [
        {
            role: "target-5xx",
            description: `The app answered ${t.targetErrors} or more requests with 5xx in 5 minutes. Look at its logs: kubectl -n <namespace> logs -l app.kubernetes.io/name=${APP_NAME}`,
            ...alb,
            ...quiet,
            metricName: "HTTPCode_Target_5XX_Count",
            statistic: "Sum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: t.targetErrors,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
        },
        {
            role: "alb-5xx",
            description: `The ALB itself answered ${t.albErrors} or more requests with 5xx in 5 minutes: no healthy pod, or pods too slow to answer.`,
            ...alb,
            ...quiet,
            metricName: "HTTPCode_ELB_5XX_Count",
            statistic: "Sum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: t.albErrors,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
        },
        {
            role: "unhealthy-targets",
            description: `A pod behind the ALB failed its health check for ${t.unhealthyMinutes} minutes in a row.`,
            ...quiet,
            // UnHealthyHostCount exists only by target group: a Metrics Insights query takes the worst of the ALB's.
            query: {
                expression: typeof loadBalancer === "string" ? unhealthy(loadBalancer) : pulumi.output(loadBalancer).apply(unhealthy),
                period: 60,
            },
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            evaluationPeriods: t.unhealthyMinutes,
            datapointsToAlarm: t.unhealthyMinutes,
        },
        {
            role: "response-time",
            description: `The slowest 5% of answers took over ${t.p95Seconds} s for 15 minutes.`,
            ...alb,
            ...quiet,
            metricName: "TargetResponseTime",
            extendedStatistic: "p95",
            comparisonOperator: "GreaterThanThreshold",
            threshold: t.p95Seconds,
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
        },
    ];
}

/** PutMetricAlarm: Period × EvaluationPeriods may not exceed 7 days (CloudWatch API Reference, PutMetricAlarm). */
export const MAX_ALARM_WINDOW_SECONDS = 7 * 86400;

/**
 * The missing-backup alarm: no successful backup in the longest wait between
 * two runs, plus an hour for the dump, up to CloudWatch's 7 days; undefined
 * for a schedule whose runs are further apart than that. A missing data point
 * is a missing backup, so it counts as breaching.
 */
export function backupAlarmSpec(backup: pulumi.Input<string>, longestGapSeconds: number): AlarmSpec | undefined {
    if (longestGapSeconds > MAX_ALARM_WINDOW_SECONDS) return undefined;
    const period = Math.min(Math.ceil(longestGapSeconds / 3600) * 3600 + 3600, MAX_ALARM_WINDOW_SECONDS);
    return {
        role: "backup-missing",
        description: `No successful database backup in ${period / 3600} hours: the backup job failed or did not run. See kubectl -n <namespace> get jobs -l app.kubernetes.io/component=backup`,
        namespace: BACKUP_METRICS_NAMESPACE,
        metricName: "Succeeded",
        dimensions: { Backup: backup },
        statistic: "Sum",
        period,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "breaching",
    };
}

/** The levels of `observability`: nothing, alarms, or alarms and Container Insights. */
export const OBSERVABILITY_LEVELS = ["off", "alarms", "full"] as const;
export type ObservabilityLevel = (typeof OBSERVABILITY_LEVELS)[number];

/** An email address SNS can deliver to: one `@`, a domain with a dot, no spaces. */
export function checkEmail(value: string): string | undefined {
    return /^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(value) ? undefined : `"${value}" is not an email address such as ops@example.com`;
}
