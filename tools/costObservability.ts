/**
 * What `observability` costs: the alarms and their topic, the backup job's
 * metrics, and at `full` Container Insights' logs. Its metrics, billed by
 * observation under enhanced observability, have no price in the table: they
 * are listed unpriced, so the total says it leaves them out.
 */
import { Price, RegionPrices } from "./prices";
import { Registration, reveal } from "./offline/mockRuntime";

/** What the observability lines assume, per month. */
export const ASSUMED_OBSERVABILITY = {
    /** Pod, node and control-plane logs of this app's few pods, as Container Insights ships them. */
    insightsLogsGb: 1,
} as const;

type Add = (item: string, count: number, unit: string, price: Price | undefined, hours: boolean, assumption?: string) => void;

export function observabilityLines(regs: Registration[], prices: Partial<RegionPrices> | undefined, add: Add): void {
    const of = (type: string) => regs.filter((r) => r.type === type).map((r) => reveal<any>(r.inputs));
    const alarms = of("aws:cloudwatch/metricAlarm:MetricAlarm");
    // A Metrics Insights alarm is billed by the metrics it analyses: one target group's here.
    add(
        "CloudWatch alarms",
        alarms.length,
        "alarm metrics",
        prices?.alarmMetric,
        false,
        alarms.length > 0 ? "one metric each; the account's 10 free alarm metrics not counted" : undefined,
    );
    add(
        "SNS topic for the alarms",
        of("aws:sns/topic:Topic").length,
        "topic",
        prices?.snsTopic,
        false,
        "a few notifications a month, within SNS's free tier",
    );
    const publishes = of("kubernetes:batch/v1:CronJob").some((c) =>
        (c.spec.jobTemplate.spec.template.spec.containers ?? []).some((k: any) =>
            (k.env ?? []).some((e: any) => e.name === "BACKUP_METRICS_NAMESPACE"),
        ),
    );
    // Succeeded and DumpBytes, by one Backup dimension.
    if (publishes) add("CloudWatch custom metrics, the backups'", 2, "metrics", prices?.customMetric, false);
    const insights = of("aws:cloudwatch/logGroup:LogGroup").filter((g) => String(g.name).startsWith("/aws/containerinsights/"));
    if (insights.length > 0) {
        const gb = ASSUMED_OBSERVABILITY.insightsLogsGb;
        const days = insights[0].retentionInDays;
        add("CloudWatch Logs, Container Insights, ingested", gb, "GB", prices?.logsIngest, false, `${gb} GB a month`);
        add(`CloudWatch Logs, Container Insights, stored ${days} days`, gb, "GB-month", prices?.logsStore, false, `${gb} GB kept`);
        add(
            "Container Insights metrics (enhanced observability, billed by observation)",
            1,
            "cluster",
            undefined,
            false,
            "no price in the table",
        );
    }
}
