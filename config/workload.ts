import { APP_KEYS, DATABASE_KEYS } from "./workloadKeys";
import { Values, defaultsOf } from "./declare";
import { Reader, readKeys } from "./reader";

export { DATABASE_MODES, DatabaseMode, EXAMPLE_IMAGE } from "./workloadKeys";

/** The app: its namespace, image, replicas and the ALB in front of it, as declared in workloadKeys.ts. */
export type AppConfig = Values<typeof APP_KEYS>;

/** The database: in the cluster or Aurora; its image, volume, names, passwords and protection. */
export type DatabaseConfig = Values<typeof DATABASE_KEYS>;

/** The declared defaults of the app keys. */
export const APP_DEFAULTS = defaultsOf(APP_KEYS);

/** The declared defaults of the database keys. */
export const DATABASE_DEFAULTS = defaultsOf(DATABASE_KEYS);

export function readAppConfig(r: Reader): AppConfig {
    return readKeys(r, APP_KEYS);
}

export function readDatabaseConfig(r: Reader): DatabaseConfig {
    return readKeys(r, DATABASE_KEYS);
}
