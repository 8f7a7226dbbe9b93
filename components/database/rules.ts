/**
 * What PostgreSQL and EBS would refuse, or accept and silently break, checked
 * before anything is created.
 */
import { checkPgIdentifier, storageBytes } from "../shared";

/** The image's superuser: the init script would find the role existing and skip it, so the app could never log in. */
export const SUPERUSER = "postgres";

/**
 * The app's role. PostgreSQL reserves `public` and `none` and every name
 * starting with `pg_` (predefined roles such as pg_monitor; PostgreSQL docs,
 * "Database Roles" and "Predefined Roles"); the superuser exists already.
 * (Quoted, as the init script quotes it, `current_user` and the like are
 * accepted: the bootstrap test holds this list to a real server.)
 */
export function checkPgRoleName(value: string): string | undefined {
    const plain = checkPgIdentifier(value);
    if (plain !== undefined) return plain;
    if (value === SUPERUSER) return `"${value}" is the superuser; the app needs a role of its own`;
    if (value.startsWith("pg_") || ["public", "none"].includes(value)) {
        return `"${value}" is a name PostgreSQL reserves for its own roles`;
    }
    return undefined;
}

/** The app's database: `postgres` and the templates exist already (PostgreSQL docs, "Template Databases"), so the app would not own it. */
export function checkPgDatabaseName(value: string): string | undefined {
    const plain = checkPgIdentifier(value);
    if (plain !== undefined) return plain;
    if (["postgres", "template0", "template1"].includes(value))
        return `"${value}" is a database PostgreSQL creates itself; the app needs one of its own`;
    return undefined;
}

/** gp3 volumes are 1 GiB to 16 TiB (Amazon EBS User Guide, "Amazon EBS volume types", gp3). */
export const GP3_MIN_BYTES = 2 ** 30;
export const GP3_MAX_BYTES = 16 * 2 ** 40;

/** The database volume's size; on the gp3 StorageClass the program creates, within gp3's limits. */
export function checkVolumeSize(value: string, gp3: boolean): string | undefined {
    const bytes = storageBytes(value);
    if (typeof bytes === "string") return bytes;
    if (gp3 && bytes > GP3_MAX_BYTES) return `"${value}" is more than a gp3 volume holds (16Ti)`;
    return undefined;
}

/**
 * The PostgreSQL major version an image's tag names (`postgres:17.6`,
 * `postgres:17-alpine`, `…/postgres:17.6@sha256:…`), or undefined where the
 * tag does not say (`latest`, a digest alone). A server starts only on a data
 * directory its own major version made (PostgreSQL docs, "Upgrading a
 * PostgreSQL Cluster": the storage format changes between major releases).
 */
export function postgresMajor(image: string): number | undefined {
    const tag = /:(\d+)(?:[.-][^/@:]*)?(?:@.*)?$/.exec(image);
    return tag ? Number(tag[1]) : undefined;
}
