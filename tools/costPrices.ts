/**
 * Which prices an estimate uses: live, from the AWS Price List Query API for
 * the stack's own region, where AWS credentials are in the environment (and
 * not `--offline`); the dated table (prices.ts) otherwise, and for anything
 * the API did not give. The note says which.
 */
import { ASSUMED } from "./costModel";
import { GetProducts, fetchRegionPrices, sdkGetProducts } from "./livePrices";
import { Registration, reveal } from "./offline/mockRuntime";
import { PRICES, RegionPrices, tableBasis } from "./prices";

/** What makes the AWS SDK find credentials without a file to read: the variables a CI job or a shell sets. */
const CREDENTIAL_VARIABLES = ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"];

export function hasAwsCredentials(env: NodeJS.ProcessEnv): boolean {
    return CREDENTIAL_VARIABLES.some((v) => (env[v] ?? "") !== "");
}

export async function pricesFor(
    region: string,
    regs: Registration[],
    env: NodeJS.ProcessEnv,
    offline: boolean,
    get?: GetProducts,
): Promise<{ prices?: Partial<RegionPrices>; note?: string }> {
    const table = PRICES[region];
    if (offline || !hasAwsCredentials(env)) return { prices: table };
    const types = new Set<string>([ASSUMED.autoModeInstance]);
    for (const r of regs) if (r.type === "eks:index:ManagedNodeGroup") types.add(reveal<any>(r.inputs).instanceTypes?.[0] ?? "t3.medium");
    const today = new Date().toISOString().slice(0, 10);
    try {
        const live = await fetchRegionPrices(region, [...types], get ?? (await sdkGetProducts()), today);
        const found = Object.entries(live).filter(([k, v]) => k !== "instances" && v !== undefined);
        const prices: Partial<RegionPrices> = {
            ...table,
            ...Object.fromEntries(found),
            instances: { ...table?.instances, ...live.instances },
        };
        const fallback = table ? `; the rest from the table: ${tableBasis(region)}` : "; the rest unpriced";
        return {
            prices,
            note: `Prices: live for ${region} from the AWS Price List Query API, ${today}, ${found.length + Object.keys(live.instances ?? {}).length} found${fallback}.`,
        };
    } catch (e) {
        const why = (e as Error).message.split("\n")[0];
        return {
            prices: table,
            note: `Live prices failed (${why}): ${table ? `the table's, ${tableBasis(region)}` : "unpriced"}.`,
        };
    }
}
