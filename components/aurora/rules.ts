/** Aurora Serverless v2's rules, from the Aurora User Guide ("Aurora Serverless v2 capacity"). */

/** The engine: Aurora PostgreSQL 17, the in-cluster database's major version, so a dump moves across. */
export const AURORA_ENGINE_VERSION = "17.4";
/** Capacity is set in Aurora capacity units from 0.5 to 256, in steps of 0.5 (0, with automatic pause, is left out). */
export const ACU_RANGE = { min: 0.5, max: 256 } as const;
/** The smallest maximum RDS takes ("Performance and scaling for Aurora Serverless v2": the maximum capacity is at least 1 ACU). */
export const MIN_MAX_ACU = 1;

export function checkCapacity(value: string): string | undefined {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n) || n < ACU_RANGE.min || n > ACU_RANGE.max || (n * 2) % 1 !== 0) {
        return `"${value}" is not a capacity from ${ACU_RANGE.min} to ${ACU_RANGE.max} ACU in steps of 0.5`;
    }
    return undefined;
}

export function checkMaxCapacity(value: string): string | undefined {
    return (
        checkCapacity(value) ??
        (Number(value) < MIN_MAX_ACU ? `"${value}" is below ${MIN_MAX_ACU} ACU, the smallest maximum Aurora takes` : undefined)
    );
}

/**
 * Names RDS keeps for its own roles (Aurora User Guide, "Understanding
 * PostgreSQL roles and permissions": rdsadmin, rds_superuser and the other
 * rds_ roles), which Aurora refuses to create or alter.
 */
export function checkAuroraRoleName(value: string): string | undefined {
    return value === "rdsadmin" || value === "rdsrepladmin" || value.startsWith("rds_")
        ? `"${value}" is a name Aurora keeps for its own roles (rdsadmin, rds_*)`
        : undefined;
}

/**
 * The backups run pg_dump from the database image against Aurora, and
 * pg_dump refuses a server of a newer major version than its own
 * ("pg_dump: error: aborting because of server version mismatch").
 */
export function checkClientMajor(image: string): string | undefined {
    const major = Number(AURORA_ENGINE_VERSION.split(".")[0]);
    const tag = /:(\d+)(?:[.-][^/@]*)?(?:@.*)?$/.exec(image);
    if (tag && Number(tag[1]) < major) {
        return `"${image}" holds PostgreSQL ${tag[1]}, whose pg_dump cannot back up Aurora PostgreSQL ${major}`;
    }
    return undefined;
}
