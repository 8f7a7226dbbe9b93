/**
 * Pulumi's passphrase secrets provider, as the CLI implements it, so that the
 * test runtime and the offline plan decrypt `secure:` values the way
 * `pulumi up` does.
 *
 * pulumi/pulumi pkg/secrets/passphrase/manager.go and
 * sdk/go/common/resource/config/crypt.go: the stack file's `encryptionsalt` is
 * `v1:<salt>:<the text "pulumi" encrypted>`; the key is PBKDF2-SHA256 of the
 * passphrase and salt, 1,000,000 iterations, 32 bytes; a value is
 * `v1:<nonce>:<AES-256-GCM ciphertext with its tag>`, both base64.
 */
import * as crypto from "node:crypto";

const ITERATIONS = 1_000_000;
const KEY_BYTES = 32;
const TAG_BYTES = 16;
const NONCE_BYTES = 12;

const keys = new Map<string, Buffer>();

function deriveKey(passphrase: string, salt: Buffer): Buffer {
    const id = `${salt.toString("base64")}:${passphrase}`;
    let key = keys.get(id);
    if (key === undefined) {
        key = crypto.pbkdf2Sync(passphrase, salt, ITERATIONS, KEY_BYTES, "sha256");
        keys.set(id, key);
    }
    return key;
}

/** Decrypts one `v1:<nonce>:<ciphertext>` value; throws on a bad value or a wrong key. */
function decryptWith(key: Buffer, value: string): string {
    const parts = value.split(":");
    if (parts.length !== 3) throw new Error("bad value");
    if (parts[0] !== "v1") throw new Error("unknown value version");
    const nonce = Buffer.from(parts[1], "base64");
    const sealed = Buffer.from(parts[2], "base64");
    if (nonce.length !== NONCE_BYTES) throw new Error("bad value: nonce size is incorrect");
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, nonce);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString("utf8");
}

function encryptWith(key: Buffer, plaintext: string, nonce: Buffer): string {
    const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
    const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
}

export interface PassphraseCrypter {
    decrypt(ciphertext: string): string;
    encrypt(plaintext: string): string;
    /** The stack file's `encryptionsalt` for this key. */
    readonly state: string;
}

function crypter(key: Buffer, state: string): PassphraseCrypter {
    return {
        state,
        decrypt: (ciphertext) => decryptWith(key, ciphertext),
        // A random nonce, as the CLI uses.
        encrypt: (plaintext) => encryptWith(key, plaintext, crypto.randomBytes(NONCE_BYTES)),
    };
}

/** The crypter of a stack whose file has `encryptionsalt: <state>`; throws "incorrect passphrase" as the CLI does. */
export function passphraseCrypter(passphrase: string, state: string): PassphraseCrypter {
    const splits = state.split(":");
    if (splits.length < 3) throw new Error("malformed state value");
    if (splits[0] !== "v1") throw new Error("unknown state version");
    const key = deriveKey(passphrase, Buffer.from(splits[1], "base64"));
    let check: string | undefined;
    try {
        check = decryptWith(key, splits.slice(2).join(":"));
    } catch {
        check = undefined;
    }
    if (check !== "pulumi") throw new Error("incorrect passphrase");
    return crypter(key, state);
}

/** A new passphrase state with the given salt, as `pulumi stack init` writes it. */
export function newPassphraseCrypter(passphrase: string, salt: Buffer): PassphraseCrypter {
    const key = deriveKey(passphrase, salt);
    return crypter(key, `v1:${salt.toString("base64")}:${encryptWith(key, "pulumi", crypto.randomBytes(NONCE_BYTES))}`);
}
