/**
 * The bootstrap with awkward passwords and custom names on a real PostgreSQL,
 * then a pod restart on the kept volume (a file of its own, so that mocha runs
 * it beside dbBootstrap.test.ts, on the other worker).
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { assertAppRole, atServer, evaluate, realPostgres, withClient } from "./bootstrap";

describe("database bootstrap on a real PostgreSQL, restarted", function () {
    this.timeout(60_000);
    const newServer = realPostgres();

    it("with URL-special characters in every password and a custom user and database, then a restart on the kept volume", async () => {
        const special = `p@ss:w/o?r#d%&+ x'"\\`;
        const b = await evaluate({
            password: pulumi.secret(special),
            superuserPassword: pulumi.secret(`su ${special}`),
            username: "shop_app",
            databaseName: "shop",
        });
        assert.equal(b.containerEnv.WORKSHOP_POSTGRES_PASSWORD, special);
        assert.ok(
            !b.appUrl.includes(encodeURIComponent(special)) && !b.appUrl.includes(special),
            "no form of the password is in what the app prints",
        );
        assert.equal(b.appPassword, special);
        const server = newServer();
        assert.deepEqual(await server.boot(b.containerEnv, b.initFiles), ["init.sh"]);
        const url = atServer(b.appUrl, server);
        await assertAppRole(url, "shop_app", "shop", b.appPassword);

        // A pod restart with the kept volume: the image skips initialisation on a data directory that holds a database.
        await server.stop();
        assert.equal(await server.boot(b.containerEnv, b.initFiles), undefined);
        // A new password restarts the pod (its template carries the Secret's version), whose postStart hook, as the
        // StatefulSet gives it, runs the init script again once the server takes connections: it neither fails
        // nor touches the data, says nothing, and the role now takes the new password only.
        const changed = { ...b.containerEnv, WORKSHOP_POSTGRES_PASSWORD: `new ${special}`, POSTGRES_PASSWORD: `new su ${special}` };
        const hook = server.exec(changed, b.postStart);
        assert.deepEqual([hook.status, hook.stdout, hook.stderr], [0, "", ""]);
        const rows = await withClient(url, (c) => c.query("SELECT title FROM books"), changed.WORKSHOP_POSTGRES_PASSWORD);
        assert.deepEqual(rows.rows, [{ title: "Designing Data-Intensive Applications" }]);
        await assert.rejects(
            withClient(url, (c) => c.query("SELECT 1"), b.appPassword),
            /password authentication failed/,
        );
        // And the superuser, which the image set only on the empty data directory, takes its new password too.
        const superuser = Object.assign(new URL(url), { username: "postgres", pathname: "/postgres" }).toString();
        await withClient(superuser, (c) => c.query("SELECT 1"), changed.POSTGRES_PASSWORD);
        await assert.rejects(
            withClient(superuser, (c) => c.query("SELECT 1"), b.containerEnv.POSTGRES_PASSWORD),
            /password authentication failed/,
        );
    });
});
