#!/usr/bin/env node
"use strict";

// A tiny, dependency-free, in-memory *stub* of the Backbone routes that @nmshd/transport 7.0.0 calls during identity
// creation, login and device onboarding. It does NOT verify signatures, passwords are only compared for equality,
// and most validation is missing. Its only purposes are
//   (1) to log the exact HTTP traffic of the client (method, path, query, relevant headers, bodies), and
//   (2) to self-check this test project without the real server:  node tools/stub-backbone.js --port 8099
//       then BACKBONE_URL=http://localhost:8099 npm test
// It is not a reference for server behaviour; /work/shared/spec/consumer-api.md is.
//
// Options: --port N (default 8099), --quiet (no request log), --log FILE (append JSON lines instead of stdout)

const http = require("node:http");
const crypto = require("node:crypto");
const fs = require("node:fs");

const args = process.argv.slice(2);
const port = Number(args.includes("--port") ? args[args.indexOf("--port") + 1] : 8099);
const quiet = args.includes("--quiet");
const logFile = args.includes("--log") ? args[args.indexOf("--log") + 1] : undefined;

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const newId = (prefix) => prefix + Array.from(crypto.randomBytes(17), (b) => ALNUM[b % ALNUM.length]).join("");
const now = () => new Date().toISOString(); // yyyy-MM-ddTHH:mm:ss.fffZ

function b64anyDecode(s) {
    return Buffer.from(String(s).replace(/-/g, "+").replace(/_/g, "/"), "base64");
}
const b64url = (buf) => Buffer.from(buf).toString("base64url");

function addressFor(pubKeyRaw, host) {
    const sha512 = crypto.createHash("sha512").update(pubKeyRaw).digest();
    const part = crypto.createHash("sha256").update(sha512).digest().subarray(0, 10).toString("hex");
    const checksum = crypto.createHash("sha256").update(`did:e:${host}:dids:${part}`).digest().subarray(0, 1).toString("hex");
    return `did:e:${host}:dids:${part}${checksum}`;
}

// ---- state ----
const challenges = new Map();
const identities = new Map(); // address -> { datawallet: {version, mods: []} | null, syncRuns: [] }
const devices = new Map(); // username -> { id, username, password, address, createdAt, createdByDevice, lastLogin }
const tokens = new Map(); // token -> username

function log(entry) {
    if (quiet) return;
    const line = JSON.stringify(entry);
    if (logFile) fs.appendFileSync(logFile, line + "\n");
    else process.stdout.write(line + "\n");
}

function send(res, status, body) {
    if (body === undefined) {
        res.writeHead(status);
        return res.end();
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(text);
}
const ok = (res, status, result) => send(res, status, { result });
const err = (res, status, code, message) => send(res, status, { error: { id: newId("ERR"), code, message, docs: "", time: now() } });

function auth(req) {
    const h = req.headers.authorization || "";
    const m = /^Bearer (.+)$/.exec(h);
    if (!m || !tokens.has(m[1])) return undefined;
    return devices.get(tokens.get(m[1]));
}

const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const url = new URL(req.url, `http://${req.headers.host}`);
        let body;
        if (raw && (req.headers["content-type"] || "").includes("json")) body = JSON.parse(raw);
        else if (raw && (req.headers["content-type"] || "").includes("x-www-form-urlencoded")) body = Object.fromEntries(new URLSearchParams(raw));
        else body = raw || undefined;

        const headers = {};
        for (const k of ["content-type", "authorization", "x-supported-datawallet-version", "x-correlation-id", "user-agent", "accept"]) {
            if (req.headers[k] !== undefined) headers[k] = k === "authorization" ? req.headers[k].slice(0, 16) + "…" : req.headers[k];
        }
        log({ method: req.method, path: url.pathname, query: url.search || undefined, headers, body });

        try {
            route(req, res, url, body);
        } catch (e) {
            err(res, 500, "error.platform.unexpected", String(e && e.stack));
        }
    });
});

function route(req, res, url, body) {
    const p = url.pathname.toLowerCase();
    const m = req.method;

    if (m === "POST" && p === "/connect/token") {
        const dev = devices.get(body.username);
        if (body.grant_type !== "password") return send(res, 400, { error: "unsupported_grant_type" });
        if (!dev || dev.password !== body.password) return send(res, 400, { error: "invalid_grant", error_description: "The username/password couple is invalid." });
        const token = crypto.randomBytes(24).toString("hex");
        tokens.set(token, dev.username);
        dev.lastLogin = now();
        return send(res, 200, { access_token: token, token_type: "Bearer", expires_in: 300 });
    }

    if (m === "POST" && p === "/api/v2/challenges") {
        const me = auth(req);
        const c = { id: newId("CHL"), expiresAt: new Date(Date.now() + 600000).toISOString(), createdBy: me ? me.address : null, createdByDevice: me ? me.id : null };
        challenges.set(c.id, c);
        return ok(res, 201, c);
    }

    if (m === "POST" && p === "/api/v2/identities") {
        const key = JSON.parse(b64anyDecode(body.identityPublicKey).toString("utf8"));
        const address = addressFor(b64anyDecode(key.pub), url.hostname);
        const device = { id: newId("DVC"), username: newId("USR"), password: body.devicePassword, address, createdAt: now(), lastLogin: null };
        device.createdByDevice = device.id;
        devices.set(device.username, device);
        identities.set(address, { datawallet: null, syncRuns: [], createdAt: now() });
        return ok(res, 201, { address, createdAt: identities.get(address).createdAt, device: { id: device.id, username: device.username, createdAt: device.createdAt } });
    }

    const me = auth(req);
    if (!me) return send(res, 401);
    const identity = identities.get(me.address);
    const supported = Number(req.headers["x-supported-datawallet-version"] || 0);

    if (m === "POST" && p === "/api/v2/devices") {
        const d = { id: newId("DVC"), username: newId("USR"), password: body.devicePassword, address: me.address, createdAt: now(), createdByDevice: me.id, lastLogin: null };
        devices.set(d.username, d);
        return ok(res, 201, { id: d.id, username: d.username, createdAt: d.createdAt, createdByDevice: d.createdByDevice, isBackupDevice: !!body.isBackupDevice });
    }
    if (m === "PUT" && p === "/api/v2/devices/self/password") {
        if (body.oldPassword !== me.password) return err(res, 400, "error.platform.validation.device.changePasswordFailed", "wrong old password");
        me.password = body.newPassword;
        return send(res, 204);
    }

    if (m === "POST" && p === "/api/v2/syncruns") {
        const type = body.type || "ExternalEventSync";
        if (type === "ExternalEventSync") {
            if (!identity.datawallet) return err(res, 404, "error.platform.recordNotFound", "Datawallet not found.");
            return ok(res, 200, { status: "NoNewEvents", syncRun: null });
        }
        const run = { id: newId("SYR"), type, expiresAt: new Date(Date.now() + 10000).toISOString(), index: identity.syncRuns.length, createdAt: now(), createdBy: me.address, createdByDevice: me.id, eventCount: 0 };
        identity.syncRuns.push(run);
        return ok(res, 201, { status: "Created", syncRun: run });
    }
    let mm;
    if (m === "PUT" && (mm = /^\/api\/v2\/syncruns\/([^/]+)\/finalizedatawalletversionupgrade$/.exec(p))) {
        if (!identity.datawallet) identity.datawallet = { version: body.newDatawalletVersion, mods: [] };
        identity.datawallet.version = body.newDatawalletVersion;
        const added = appendMods(identity, me, body.datawalletModifications || []);
        return ok(res, 200, { newDatawalletModificationIndex: identity.datawallet.mods.length ? identity.datawallet.mods.length - 1 : null, datawalletModifications: added });
    }
    if (m === "GET" && p === "/api/v2/datawallet") {
        if (!identity.datawallet) return err(res, 404, "error.platform.recordNotFound", "Datawallet not found.");
        return ok(res, 200, { version: identity.datawallet.version });
    }
    if (m === "GET" && p === "/api/v2/datawallet/modifications") {
        const localIndex = url.searchParams.has("localIndex") ? Number(url.searchParams.get("localIndex")) : -1;
        const all = identity.datawallet ? identity.datawallet.mods.filter((x) => x.index > localIndex) : [];
        const latest = new Map();
        for (const x of all) latest.set(`${x.objectIdentifier}|${x.type}|${x.payloadCategory}`, x);
        const result = [...latest.values()].sort((a, b) => a.index - b.index);
        return send(res, 200, { result, pagination: { pageNumber: 1, pageSize: result.length || 1, totalPages: 1, totalRecords: result.length } });
    }
    if (m === "POST" && p === "/api/v2/datawallet/modifications") {
        const latest = identity.datawallet.mods.length - 1;
        if (identity.datawallet.mods.length && body.localIndex !== latest) return err(res, 400, "error.platform.validation.datawallet.datawalletNotUpToDate", `expected localIndex ${latest}`);
        const added = appendMods(identity, me, body.modifications);
        return ok(res, 201, { newIndex: identity.datawallet.mods.length - 1, modifications: added });
    }
    void supported;
    return err(res, 404, "error.platform.recordNotFound", `stub: no route ${m} ${url.pathname}`);
}

function appendMods(identity, me, items) {
    const added = [];
    for (const it of items) {
        const mod = {
            id: newId("DWM"),
            datawalletVersion: it.datawalletVersion,
            index: identity.datawallet.mods.length,
            objectIdentifier: it.objectIdentifier,
            payloadCategory: it.payloadCategory ?? null,
            createdAt: now(),
            createdByDevice: me.id,
            collection: it.collection,
            type: it.type,
            // re-encode as the real server does: base64url without padding
            encryptedPayload: it.encryptedPayload == null ? null : b64url(b64anyDecode(it.encryptedPayload))
        };
        identity.datawallet.mods.push(mod);
        added.push({ id: mod.id, index: mod.index, createdAt: mod.createdAt });
    }
    return added;
}

server.listen(port, "127.0.0.1", () => {
    process.stderr.write(`stub backbone listening on http://localhost:${port}\n`);
});
