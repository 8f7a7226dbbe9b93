/** Aurora Serverless v2's rules, from the Aurora User Guide ("Aurora Serverless v2 capacity"). */

/** The engine: Aurora PostgreSQL 17, the in-cluster database's major version, so a dump moves across. */
export const AURORA_ENGINE_VERSION = "17.4";
/** Capacity is set in Aurora capacity units from 0.5 to 256, in steps of 0.5 (0, with automatic pause, is left out). */
export const ACU_RANGE = { min: 0.5, max: 256 } as const;

export function checkCapacity(value: string): string | undefined {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n) || n < ACU_RANGE.min || n > ACU_RANGE.max || (n * 2) % 1 !== 0) {
        return `"${value}" is not a capacity from ${ACU_RANGE.min} to ${ACU_RANGE.max} ACU in steps of 0.5`;
    }
    return undefined;
}
