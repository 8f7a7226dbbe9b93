/**
 * Whether a data-source lookup finds what it asks for: a provider error that
 * reports it missing (the AWS API's ResourceNotFoundException, or the
 * provider's "couldn't find resource") is false; any other error (no
 * permission, no such cluster) is the caller's to see.
 */
export async function found(lookup: () => Promise<unknown>): Promise<boolean> {
    try {
        await lookup();
        return true;
    } catch (e) {
        if (/ResourceNotFoundException|couldn't find resource|not found/i.test((e as Error).message)) return false;
        throw e;
    }
}
