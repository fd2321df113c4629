"use strict";

// Secret rotation under load, seen by the official client library @nmshd/transport (7.0.0): while clients run a
// loop of authenticated requests through the gateway, `backbone vault rotate` replaces the access-token signing key
// and then the OAuth client secret of the landscape. Not one request may fail.
//
// Needs a landscape with a vault (stage, prod and their copies; `dev` keeps plain secrets and is skipped) and the CLI
// that runs it: BACKBONE_BINARY, BACKBONE_HOME and BACKBONE_LANDSCAPE, exported by tests/compat/run.sh.
//
// The library hides a 401: RESTClientAuthenticate clears its token, logs in again and repeats the request once.
// lib/traffic.js therefore records every answer of the server below the library, and every answer >= 400 (or a
// request without an answer) counts as a failure, as does every operation that throws.
//
// Clients (each its own loop, one operation every OP_INTERVAL_MS, about 7 HTTP requests a second each):
//   A  created before the rotations with the original client secret; forgets its access token every
//      RELOGIN_A_EVERY_MS, so it logs in again and again: before, during and after the key rotation, and with the
//      OLD client secret after the secret rotation (the grace window).
//   B  created before the rotations with the original secret; keeps the access token it got before the key
//      rotation, so a token signed with the old key is used after every instance has loaded the new one. After the
//      secret rotation it "restarts" with the NEW secret (a new AccountController on its database, as an updated app
//      would) and from then on logs in every RELOGIN_EVERY_MS too.
//   E  like A, but logs in before every operation (POST /connect/token, then one to four requests with that
//      token), so that during the seconds in which the instances load the new key one after the other (each reads
//      the vault every 2 s) fresh tokens from every instance meet every other instance.
//   C  a new identity created after the secret rotation with the NEW secret (POST /Identities, then logins).
//   D  a new identity created after the secret rotation with the OLD secret (grace window).
// A and B have a relationship and send each other messages. The mix: syncEverything (sync run, external events,
// datawallet), POST /Tokens, GET /Tokens/{id} of another client's token, POST /Messages, GET /Messages?ids=….

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { Serializable } = require("@js-soft/ts-serval");
const { CoreDate } = require("@nmshd/core-types");
const { AccountController } = require("@nmshd/transport");
const { recordHttp } = require("../lib/traffic");
const { cliEnvironment, backbone, backboneSync } = require("../lib/cli");

// Before any transport exists: every axios instance the transport creates from now on is recorded.
const recorder = recordHttp();
const { createTransport, createDatabaseConnection, createAccount, addRelationship, sleep } = require("../lib/setup");

const env = cliEnvironment();
const SKIP = !env.available
    ? "needs BACKBONE_BINARY and BACKBONE_HOME of the landscape (tests/compat/run.sh exports them)"
    : env.landscape === "dev"
      ? "the dev landscape keeps plain secrets and has no vault to rotate (run with LANDSCAPE=stage)"
      : false;

const OP_INTERVAL_MS = 250; // one operation per client every 250 ms, 1 to 4 HTTP requests each
const RELOGIN_EVERY_MS = 1000;
const RELOGIN_A_EVERY_MS = 500; // A logs in most often, to get tokens from every instance while they reload
// One more Consumer API instance (`backbone scale`) is started before the rotations (unless
// BACKBONE_COMPAT_ROTATION_STAGGER=0). The instances of a fresh landscape start together, so they read the vault at
// nearly the same moments (within ~100 ms); an instance started later (scaled, restarted) reads it up to 2 s apart
// from the others, which is the situation of a landscape that has been running for a while.
const STAGGER = !["0", "false", "no"].includes(String(process.env.BACKBONE_COMPAT_ROTATION_STAGGER || "").toLowerCase());
const RELOAD_MS = 2000; // running instances read the vault every 2 s
const PUBLISH_MS = 5000; // a new version signs tokens and is handed to apps 5 s after its rotation
const SETTLED_MS = PUBLISH_MS + RELOAD_MS + 1000; // after this every instance uses a rotation
const WARMUP_MS = 4000;
const AFTER_KEY_ROTATION_MS = SETTLED_MS + 2000;
const AFTER_SECRET_ROTATION_MS = SETTLED_MS; // then B restarts with the new secret and C and D are created
const FINAL_MS = 8000;
const MIN_OK_PER_PHASE = 40;

const SIGNING_KEY = "access-token-signing-key";
const CLIENT_SECRET = `client-secret-${String(process.env.BACKBONE_CLIENT_ID || "app").toLowerCase()}`;

function describeError(error) {
    if (!error) return String(error);
    const parts = [error.name, error.code, error.status && `HTTP ${error.status}`, error.message].filter(Boolean);
    return parts.join(" ");
}

/** A loop of authenticated requests of one account. */
class ClientLoop {
    constructor(name, account, { board, peer, reloginEveryMs }) {
        this.name = name;
        this.account = account;
        this.board = board; // latest token reference of every client: name -> TokenReference
        this.peer = peer; // an account with a relationship to this one, or undefined
        this.reloginEveryMs = reloginEveryMs;
        this.sentMessageIds = [];
        this.completed = []; // { op, start, end }
        this.failures = []; // { client, op, at, error }
        this.relogins = 0;
        this.step = 0;
    }

    start() {
        this.running = true;
        this.lastClear = Date.now();
        this.done = this.run();
        return this;
    }

    async stop() {
        this.running = false;
        await this.done;
    }

    async run() {
        let next = Date.now();
        while (this.running) {
            if (this.reloginEveryMs && Date.now() - this.lastClear >= this.reloginEveryMs) {
                // The next request logs in again (POST /connect/token with the device credentials and the client
                // secret of this account's configuration).
                this.account.authenticator.clear();
                this.lastClear = Date.now();
                this.relogins++;
            }
            const [op, fn] = this.nextOperation();
            const start = Date.now();
            try {
                await fn();
                this.completed.push({ op, start, end: Date.now() });
            } catch (error) {
                this.failures.push({ client: this.name, op, at: new Date(start).toISOString(), error: describeError(error) });
            }
            next += OP_INTERVAL_MS;
            const wait = next - Date.now();
            if (wait > 0) await sleep(wait);
            else next = Date.now();
        }
    }

    nextOperation() {
        const account = this.account;
        const operations = [
            ["syncEverything", () => account.syncEverything()],
            ["sendToken", () => this.sendToken()],
            ["loadPeerToken", () => this.loadPeerToken()],
            ["sendMessage", () => this.sendMessage()],
            ["updateMessages", () => this.updateMessages()]
        ];
        return operations[this.step++ % operations.length];
    }

    async sendToken() {
        const token = await this.account.tokens.sendToken({
            content: Serializable.fromAny({ content: `rotation ${this.name} ${this.step}` }),
            expiresAt: CoreDate.utc().add({ minutes: 10 }),
            ephemeral: true
        });
        this.board.set(this.name, token.toTokenReference(this.account.config.baseUrl));
    }

    async loadPeerToken() {
        const others = [...this.board.entries()].filter(([name]) => name !== this.name);
        if (others.length === 0) return await this.sendToken();
        const [, reference] = others[this.step % others.length];
        const token = await this.account.tokens.loadPeerTokenByReference(reference, true);
        assert.equal(token.id.toString(), reference.id.toString());
    }

    async sendMessage() {
        if (!this.peer) return await this.account.syncEverything();
        const message = await this.account.messages.sendMessage({
            recipients: [this.peer.identity.address],
            content: Serializable.fromAny({ content: `rotation ${this.name} ${this.step}` })
        });
        this.sentMessageIds.push(message.id.toString());
    }

    async updateMessages() {
        if (this.sentMessageIds.length === 0) return await this.account.syncEverything();
        const ids = this.sentMessageIds.slice(-3);
        const updated = await this.account.messages.updateBackboneData(ids);
        assert.equal(updated.length, ids.length);
    }
}

describe("secret rotation under load via @nmshd/transport 7.0.0", { skip: SKIP, timeout: 300_000 }, () => {
    const connection = createDatabaseConnection();
    const state = { loops: [] };
    const board = new Map();

    before(async () => {
        state.originalSecret = process.env.BACKBONE_CLIENT_SECRET;
        state.oldTransport = await createTransport();
    });

    after(async () => {
        for (const loop of state.loops) await loop.stop().catch(() => undefined);
        await connection.close().catch(() => undefined);
    });

    const ok = (e) => e.ok;
    const between = (from, to) => (e) => e.start >= from && e.start < to;

    it("rotating the signing key and the client secret while clients send requests fails no request", { timeout: 240_000 }, async () => {
        const [a, b, accountE] = [
            await createAccount(state.oldTransport, connection, "rot-a"),
            await createAccount(state.oldTransport, connection, "rot-b"),
            await createAccount(state.oldTransport, connection, "rot-e")
        ];
        state.a = a;
        await addRelationship(a, b);
        if (STAGGER) {
            const status = await backbone(["landscape", "status", env.landscape]);
            const api = status.components.find((component) => component.name === "consumer-api");
            const scaled = await backbone(["scale", env.landscape, `consumer-api=${api.desired_replicas + 1}`]);
            const now = scaled.components.find((component) => component.name === "consumer-api");
            process.stderr.write(`rotation: consumer-api scaled from ${api.desired_replicas} to ${now.desired_replicas} (${now.ready_replicas} ready)\n`);
            await sleep(1000);
        }

        const setupExchanges = recorder.exchanges.length;
        const loadStart = Date.now();
        const loopA = new ClientLoop("A", a, { board, peer: b, reloginEveryMs: RELOGIN_A_EVERY_MS }).start();
        let loopB = new ClientLoop("B", b, { board, peer: a, reloginEveryMs: 0 }).start();
        const loopE = new ClientLoop("E", accountE, { board, reloginEveryMs: 1 }).start();
        state.loops.push(loopA, loopB, loopE);
        await sleep(WARMUP_MS);

        // 1. The signing key. Async, so that the clients keep sending while the command runs.
        const keyStart = Date.now();
        const keyRotation = await backbone(["vault", "rotate", SIGNING_KEY, "--landscape", env.landscape, "--yes"]);
        const keyEnd = Date.now();
        assert.notEqual(keyRotation.version, keyRotation.previous_version);
        await sleep(AFTER_KEY_ROTATION_MS);

        // 2. The OAuth client secret; `landscape up` on the running landscape tells the new one.
        const secretStart = Date.now();
        const secretRotation = await backbone(["vault", "rotate", CLIENT_SECRET, "--landscape", env.landscape, "--yes"]);
        const secretEnd = Date.now();
        assert.notEqual(secretRotation.version, secretRotation.previous_version);
        assert.ok(secretRotation.previous_retired_after, "the old client secret has no grace window");
        assert.ok(Date.parse(secretRotation.previous_retired_after) > Date.now() + 3600_000, `the grace window ends at ${secretRotation.previous_retired_after}`);
        // `landscape up` hands out the new secret once every instance accepts it.
        let newSecret = state.originalSecret;
        for (let tries = 0; newSecret === state.originalSecret && tries < 30; tries++) {
            if (tries > 0) await sleep(500);
            newSecret = (await backbone(["landscape", "up", env.landscape])).client_secret;
        }
        assert.equal(typeof newSecret, "string");
        assert.notEqual(newSecret, state.originalSecret, "landscape up still shows the old client secret");
        Object.assign(state, { keyRotation, secretRotation, newSecret });
        await sleep(AFTER_SECRET_ROTATION_MS);

        // 3. Apps with the new secret: B restarts with it, C is a new identity created with it; D is a new identity
        //    created with the old secret (still in its grace window).
        const switchAt = Date.now();
        const newTransport = await createTransport({ platformClientSecret: newSecret });
        state.newTransport = newTransport;
        await loopB.stop();
        const b2 = new AccountController(newTransport, b.db, newTransport.config);
        await b2.init();
        assert.equal(b2.identity.address.toString(), b.identity.address.toString());
        loopB = new ClientLoop("B'", b2, { board, peer: a, reloginEveryMs: RELOGIN_EVERY_MS }).start();
        const c = await createAccount(newTransport, connection, "rot-c");
        const d = await createAccount(state.oldTransport, connection, "rot-d");
        const loopC = new ClientLoop("C", c, { board, reloginEveryMs: RELOGIN_EVERY_MS }).start();
        const loopD = new ClientLoop("D", d, { board, reloginEveryMs: RELOGIN_EVERY_MS }).start();
        state.loops.push(loopB, loopC, loopD);
        state.b2 = b2;
        await sleep(FINAL_MS);

        const oldLoopB = state.loops[1];
        for (const loop of state.loops) await loop.stop();
        const loadEnd = Date.now();
        const loops = state.loops;

        // --- what happened ---
        // Every request of the test, the setup (accounts, relationship) included, must have succeeded; the phases
        // below count only those sent while the loops ran.
        const setupFailures = recorder.exchanges.slice(0, setupExchanges).filter((e) => !ok(e));
        const exchanges = recorder.exchanges.slice(setupExchanges).filter((e) => e.start >= loadStart);
        const t0 = loadStart;
        const rel = (t) => `${((t - t0) / 1000).toFixed(1)} s`;
        const httpFailures = [...setupFailures, ...recorder.exchanges.slice(setupExchanges).filter((e) => !ok(e))];
        const opFailures = loops.flatMap((l) => l.failures);
        const phases = {
            "before the key rotation": between(loadStart, keyStart),
            "key rotation running": between(keyStart, keyEnd),
            "after the key rotation": between(keyEnd, secretStart),
            "secret rotation running": between(secretStart, secretEnd),
            "after the secret rotation": between(secretEnd, loadEnd)
        };
        const tokens = exchanges.filter((e) => e.token);
        const issuedBefore = new Set(tokens.filter((e) => e.ok && e.end < keyStart).map((e) => e.issuedKid));
        const issuedSettled = tokens.filter((e) => e.ok && e.start >= keyEnd + SETTLED_MS);
        const issuedAfter = new Set(issuedSettled.map((e) => e.issuedKid));
        const [oldKid] = issuedBefore;
        const [newKid] = issuedAfter;
        const authenticated = exchanges.filter((e) => e.kid);
        const secretName = (s) => (s === state.originalSecret ? "old" : s === newSecret ? "new" : "other");
        const loginsAfterSecret = tokens.filter((e) => e.start >= secretEnd + SETTLED_MS);
        const count = (list, predicate) => list.filter(predicate).length;

        const lines = [];
        lines.push(`rotation under load: ${exchanges.length} HTTP requests in ${rel(loadEnd)} (${(exchanges.length / ((loadEnd - loadStart) / 1000)).toFixed(1)}/s)`);
        lines.push(`  signing key rotated at ${rel(keyStart)}..${rel(keyEnd)}, client secret at ${rel(secretStart)}..${rel(secretEnd)}, B restarted with the new secret and C, D created from ${rel(switchAt)}`);
        for (const [name, predicate] of Object.entries(phases)) {
            const inPhase = exchanges.filter(predicate);
            lines.push(`  ${name}: ${count(inPhase, ok)} ok, ${count(inPhase, (e) => !ok(e))} failed (${count(inPhase, (e) => e.token && ok(e))} logins)`);
        }
        lines.push(`  kids: before ${[...issuedBefore].join(",")}, issued ${SETTLED_MS} ms after the rotation ${[...issuedAfter].join(",")}`);
        // The instances load the new key one after the other: between the first token with the new key and the last
        // one with the old key, both kinds were issued side by side.
        const firstNew = tokens.find((x) => x.ok && x.issuedKid === newKid);
        const lastOld = tokens.filter((x) => x.ok && x.issuedKid === oldKid).pop();
        if (firstNew && lastOld) {
            const mixed = tokens.filter((x) => x.ok && x.start >= firstNew.start && x.start <= lastOld.start).length;
            lines.push(
                `  first token with the new key issued ${firstNew.end - keyEnd} ms after the rotation, last one with the old key ${lastOld.end - keyEnd} ms after it (${mixed} logins in between)`
            );
        }
        lines.push(
            `  authenticated requests: old key ${count(authenticated, (e) => e.kid === oldKid && ok(e))} ok (after every instance reloaded: ${count(
                authenticated,
                (e) => e.kid === oldKid && ok(e) && e.start >= keyEnd + SETTLED_MS
            )}), new key ${count(authenticated, (e) => e.kid === newKid && ok(e))} ok`
        );
        lines.push(
            `  logins after the secret rotation settled: old secret ${count(loginsAfterSecret, (e) => ok(e) && secretName(e.clientSecret) === "old")} ok, new secret ${count(
                loginsAfterSecret,
                (e) => ok(e) && secretName(e.clientSecret) === "new"
            )} ok`
        );
        for (const loop of [...loops]) {
            lines.push(`  client ${loop.name}: ${loop.completed.length} operations ok, ${loop.failures.length} failed, ${loop.relogins} forced re-logins`);
        }
        for (const e of httpFailures) lines.push(`  FAILED HTTP ${rel(e.start)} ${recorder.describe(e)}${e.token ? ` secret=${secretName(e.clientSecret)}` : ""}`);
        for (const f of opFailures) lines.push(`  FAILED operation ${f.client} ${f.op} at ${f.at}: ${f.error}`);
        process.stderr.write(`${lines.join("\n")}\n`);

        // --- assertions ---
        assert.deepEqual(
            httpFailures.map((e) => recorder.describe(e)),
            [],
            "the server refused requests or did not answer (a refused request may have been retried silently by the library)"
        );
        assert.deepEqual(opFailures, [], "client operations failed");
        for (const [name, predicate] of Object.entries(phases)) {
            if (name.endsWith("running")) continue;
            assert.ok(count(exchanges, (e) => predicate(e) && ok(e)) >= MIN_OK_PER_PHASE, `fewer than ${MIN_OK_PER_PHASE} successful requests ${name}`);
        }
        assert.equal(issuedBefore.size, 1, `tokens issued before the rotation carry one kid: ${[...issuedBefore]}`);
        assert.equal(issuedAfter.size, 1, `tokens issued after every instance reloaded carry one kid: ${[...issuedAfter]}`);
        assert.notEqual(newKid, oldKid, "new tokens are signed with the new key");
        assert.ok(count(authenticated, (e) => e.kid === oldKid && ok(e) && e.start >= keyEnd + SETTLED_MS) >= 10, "too few requests with an old-key token after the rotation");
        assert.ok(count(authenticated, (e) => e.kid === newKid && ok(e)) >= MIN_OK_PER_PHASE, "too few requests with a new-key token");
        assert.ok(count(loginsAfterSecret, (e) => ok(e) && secretName(e.clientSecret) === "old") >= 3, "too few logins with the old client secret in its grace window");
        assert.ok(count(loginsAfterSecret, (e) => ok(e) && secretName(e.clientSecret) === "new") >= 3, "too few logins with the new client secret");
        assert.ok(oldLoopB.relogins === 0 && oldLoopB.completed.length > 0);
        for (const loop of loops) assert.ok(loop.completed.length >= 10, `client ${loop.name} completed only ${loop.completed.length} operations`);
        state.loadDone = true;
    });

    it("vault history shows two versions of both secrets", (t) => {
        if (!state.secretRotation) return t.skip("the rotation did not happen");
        for (const [name, rotation] of [
            [SIGNING_KEY, state.keyRotation],
            [CLIENT_SECRET, state.secretRotation]
        ]) {
            const history = backboneSync(["vault", "history", name, "--landscape", env.landscape]);
            assert.equal(history.length, 2, `${name}: ${JSON.stringify(history)}`);
            assert.deepEqual(
                history.map((v) => [v.version, v.state, v.retired_at]),
                [
                    [rotation.version, "current", null],
                    [rotation.previous_version, "previous", null]
                ],
                name
            );
        }
    });

    it("a made-up client secret is refused; the old and the new one still log in", { timeout: 60_000 }, async (t) => {
        if (!state.newSecret || !state.a || !state.b2) return t.skip("the rotation did not happen");
        const mark = recorder.exchanges.length;
        const made = `made-up-${Math.random().toString(36).substring(2)}`;
        const badTransport = await createTransport({ platformClientSecret: made });

        // An existing device logs in with it (POST /connect/token): refused.
        const bad = new AccountController(badTransport, state.a.db, badTransport.config);
        await assert.rejects(
            (async () => {
                await bad.init();
                await bad.authenticator.getToken();
            })(),
            (e) => {
                // init() wraps the failed login of its first sync (accountControllerInitialSyncFailed).
                const text = `${e && e.code} ${e && e.message} ${e && e.reason && (e.reason.code || e.reason.message)}`;
                assert.match(text, /noAuthGrant|noAuthPossible|accountControllerInitialSyncFailed/);
                return true;
            }
        );
        // A new identity with it (POST /Identities): refused.
        await assert.rejects(createAccount(badTransport, connection, "rot-bad"), (e) => {
            assert.ok(e, "no error");
            return true;
        });
        const refused = recorder.exchanges.slice(mark).filter((e) => !e.ok);
        process.stderr.write(`made-up client secret: ${refused.map((e) => recorder.describe(e)).join("; ")}\n`);
        assert.ok(
            refused.some((e) => e.token && e.clientSecret === made && e.status >= 400),
            "POST /connect/token with a made-up client secret was not refused"
        );
        assert.ok(refused.some((e) => e.path === "/api/v2/Identities" && e.status >= 400), "POST /api/v2/Identities with a made-up client secret was not refused");
        assert.ok(recorder.exchanges.slice(mark).every((e) => !e.ok || !e.token || e.clientSecret !== made), "a made-up client secret got a token");

        // The old (grace window) and the new secret still log in.
        for (const account of [state.a, state.b2]) {
            const before = recorder.exchanges.length;
            account.authenticator.clear();
            await account.syncEverything();
            const logins = recorder.exchanges.slice(before).filter((e) => e.token);
            assert.equal(logins.length, 1);
            assert.ok(logins[0].ok, recorder.describe(logins[0]));
        }
    });
});
