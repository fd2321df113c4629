#!/usr/bin/env node
"use strict";

// A tiny, dependency-free, in-memory *stub* of the Backbone routes that @nmshd/transport 7.0.0 calls during identity
// creation, login, device onboarding, relationship templates, tokens, relationships, messages, files and external-event
// sync runs. It does NOT verify signatures, passwords are only compared for equality, and most validation is missing. Its only purposes are
//   (1) to log the exact HTTP traffic of the client (method, path, query, relevant headers, bodies), and
//   (2) to self-check this test project without the real server:  node tools/stub-backbone.js --port 8099
//       then BACKBONE_URL=http://localhost:8099 npm test
// It is not a reference for server behaviour; /work/shared/spec/consumer-api.md is.
//
// Options: --port N (default 8099), --quiet (no request log), --log FILE (append JSON lines instead of stdout),
//          --max-file-content BYTES (largest accepted file part of POST /Files, default 10 MiB as in the reference)
//
// Multipart requests (POST /api/v2/Files) are logged as { multipart: { boundary, parts: [...] } }: every part with its
// raw headers, name, filename, content type and size; text parts with their value, file parts with the first bytes
// and their SHA-512 (base64url). GET /api/v2/Files/{id} responses are raw bytes (application/octet-stream).

const http = require("node:http");
const crypto = require("node:crypto");
const fs = require("node:fs");

const args = process.argv.slice(2);
const port = Number(args.includes("--port") ? args[args.indexOf("--port") + 1] : 8099);
const quiet = args.includes("--quiet");
const logFile = args.includes("--log") ? args[args.indexOf("--log") + 1] : undefined;
const maxFileContent = Number(args.includes("--max-file-content") ? args[args.indexOf("--max-file-content") + 1] : 10 * 1024 * 1024);

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
const cTokens = new Map(); // TOK id -> token record (Tokens module)
const templates = new Map(); // RLT id -> template record
const relationships = new Map(); // REL id -> relationship record
const messages = new Map(); // MSG id -> message record
const files = new Map(); // FIL id -> file record

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
    return res.end(text);
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
        const rawBuffer = Buffer.concat(chunks);
        const raw = rawBuffer.toString("utf8");
        const url = new URL(req.url, `http://${req.headers.host}`);
        const contentType = req.headers["content-type"] || "";
        let body;
        let logged;
        if (raw && contentType.includes("json")) body = JSON.parse(raw);
        else if (raw && contentType.includes("x-www-form-urlencoded")) body = Object.fromEntries(new URLSearchParams(raw));
        else if (contentType.startsWith("multipart/form-data")) {
            body = parseMultipart(rawBuffer, contentType);
            logged = { multipart: { boundary: body.boundary, parts: body.parts.map(describePart) } };
        } else body = raw || undefined;

        const headers = {};
        for (const k of ["content-type", "content-length", "authorization", "x-supported-datawallet-version", "x-correlation-id", "user-agent", "accept"]) {
            if (req.headers[k] !== undefined) headers[k] = k === "authorization" ? req.headers[k].slice(0, 16) + "…" : req.headers[k];
        }
        log({ method: req.method, path: url.pathname, query: url.search || undefined, headers, body: logged || body });

        try {
            route(req, res, url, body);
        } catch (e) {
            process.stderr.write(`stub: ${req.method} ${url.pathname} failed: ${e && e.stack}\n`);
            if (!res.headersSent) err(res, 500, "error.platform.unexpected", String(e && e.stack));
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
        identities.set(address, { datawallet: null, syncRuns: [], events: [], createdAt: now() });
        return ok(res, 201, { address, createdAt: identities.get(address).createdAt, device: { id: device.id, username: device.username, createdAt: device.createdAt } });
    }

    const me = auth(req);
    const tokenRoute = tokenRoutes(req, res, url, body, me);
    if (tokenRoute !== undefined) return tokenRoute;
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
        let events = [];
        if (type === "ExternalEventSync") {
            if (!identity.datawallet) return err(res, 404, "error.platform.recordNotFound", "Datawallet not found.");
            events = identity.events.filter((e) => !e.syncRunId && e.syncErrorCount < 3 && !isBlocked(e));
            if (events.length === 0) return ok(res, 200, { status: "NoNewEvents", syncRun: null });
        }
        const run = { id: newId("SYR"), type, expiresAt: new Date(Date.now() + 10000).toISOString(), index: identity.syncRuns.length, createdAt: now(), createdBy: me.address, createdByDevice: me.id, eventCount: events.length };
        for (const e of events) e.syncRunId = run.id;
        identity.syncRuns.push(run);
        return ok(res, 201, { status: "Created", syncRun: run });
    }
    let mm;
    if (m === "GET" && (mm = /^\/api\/v2\/syncruns\/([^/]+)\/externalevents$/.exec(p))) {
        const runId = url.pathname.split("/")[4];
        const result = identity.events.filter((e) => e.syncRunId === runId).map(externalEventDto);
        return send(res, 200, { result });
    }
    if (m === "PUT" && (mm = /^\/api\/v2\/syncruns\/([^/]+)\/finalizeexternaleventsync$/.exec(p))) {
        const runId = url.pathname.split("/")[4];
        const results = new Map((body.externalEventResults || []).map((r) => [r.externalEventId, r]));
        for (const e of identity.events.filter((x) => x.syncRunId === runId)) {
            const r = results.get(e.id);
            if (!r || r.errorCode) {
                e.syncRunId = null;
                e.syncErrorCount++;
            }
        }
        const added = appendMods(identity, me, body.datawalletModifications || []);
        const newUnsyncedExternalEventsExist = identity.events.some((e) => !e.syncRunId && e.syncErrorCount === 0 && !isBlocked(e));
        return ok(res, 200, { newDatawalletModificationIndex: identity.datawallet.mods.length ? identity.datawallet.mods.length - 1 : null, datawalletModifications: added, newUnsyncedExternalEventsExist });
    }
    const relRoute = relationshipRoutes(req, res, url, body, me);
    if (relRoute !== undefined) return relRoute;
    const messageRoute = messageRoutes(req, res, url, body, me);
    if (messageRoute !== undefined) return messageRoute;
    const fileRoute = fileRoutes(req, res, url, body, me);
    if (fileRoute !== undefined) return fileRoute;
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

// ---- external events ----
function addEvent(address, type, payload, relationshipId) {
    const identity = identities.get(address);
    if (!identity) return;
    const blocked = Boolean(relationshipId) && relationships.get(relationshipId)?.status !== "Active";
    identity.events.push({ id: newId("SYI"), type, index: identity.events.length, createdAt: now(), syncErrorCount: 0, payload, syncRunId: null, relationshipId, blocked });
}
// A MessageReceived event of a message sent while its relationship was not Active is held back until the relationship
// is Active again (decided when the message is sent, like the reference: a message sent before a termination is
// still delivered).
function isBlocked(e) {
    if (!e.blocked) return false;
    if (relationships.get(e.relationshipId)?.status === "Active") e.blocked = false;
    return e.blocked;
}
const externalEventDto = (e) => ({ id: e.id, type: e.type, index: e.index, createdAt: e.createdAt, syncErrorCount: e.syncErrorCount, payload: e.payload });

const sameBytes = (a, b) => a != null && b != null && b64anyDecode(a).equals(b64anyDecode(b));
const reencode = (s) => (s == null ? null : b64url(b64anyDecode(s)));
const isExpired = (expiresAt) => expiresAt != null && new Date(expiresAt).getTime() < Date.now();

// ---- tokens (authentication optional) ----
function tokenDto(t) {
    return { id: t.id, createdBy: t.createdBy, createdByDevice: t.createdByDevice, forIdentity: t.forIdentity, createdAt: t.createdAt, expiresAt: t.expiresAt, content: t.content, isPasswordProtected: t.password != null };
}
function tokenRoutes(req, res, url, body, me) {
    const p = url.pathname.toLowerCase();
    const m = req.method;
    let mm;
    if (m === "POST" && p === "/api/v2/tokens") {
        const t = {
            id: newId("TOK"),
            createdBy: me ? me.address : null,
            createdByDevice: me ? me.id : null,
            forIdentity: body.forIdentity ?? null,
            createdAt: now(),
            expiresAt: new Date(body.expiresAt).toISOString(),
            content: reencode(body.content),
            password: body.password ?? null,
            allocations: new Set()
        };
        cTokens.set(t.id, t);
        return ok(res, 201, { id: t.id, createdAt: t.createdAt });
    }
    if (m === "GET" && (mm = /^\/api\/v2\/tokens\/([^/]+)$/.exec(p))) {
        const t = cTokens.get(url.pathname.split("/")[4]);
        const notFound = () => err(res, 404, "error.platform.recordNotFound", "Token not found. Make sure the ID exists and the record is not expired. If a password is required to fetch the record, make sure you passed the correct one.");
        if (!t) return notFound();
        const caller = me ? me.address : null;
        if (caller === t.createdBy || (caller && t.allocations.has(caller))) return ok(res, 200, tokenDto(t));
        if (isExpired(t.expiresAt)) return notFound();
        if (t.forIdentity && t.forIdentity !== caller) return notFound();
        if (t.password != null && !sameBytes(t.password, url.searchParams.get("password"))) return notFound();
        if (caller) t.allocations.add(caller);
        return ok(res, 200, tokenDto(t));
    }
    if (!me) return undefined;
    if (m === "POST" && (mm = /^\/api\/v2\/tokens\/([^/]+)\/updatecontent$/.exec(p))) {
        const t = cTokens.get(url.pathname.split("/")[4]);
        if (!t || isExpired(t.expiresAt)) return err(res, 404, "error.platform.recordNotFound", "Token not found.");
        if (t.password != null && !sameBytes(t.password, body.password)) return err(res, 404, "error.platform.recordNotFound", "Token not found.");
        if (t.content != null) return err(res, 400, "error.platform.token.contentUpdateNotPossibleBecauseContentAlreadyExists", "content exists");
        t.content = reencode(body.newContent);
        t.createdBy = me.address;
        t.createdByDevice = me.id;
        const d = tokenDto(t);
        delete d.content;
        return ok(res, 200, d);
    }
    if (m === "DELETE" && (mm = /^\/api\/v2\/tokens\/([^/]+)$/.exec(p))) {
        const t = cTokens.get(url.pathname.split("/")[4]);
        if (!t) return err(res, 404, "error.platform.recordNotFound", "Token not found.");
        if (t.createdBy !== me.address) return err(res, 403, "error.platform.forbidden", "forbidden");
        cTokens.delete(t.id);
        return send(res, 204);
    }
    return undefined;
}

// ---- relationship templates and relationships ----
function templateDto(t) {
    return { id: t.id, createdBy: t.createdBy, createdByDevice: t.createdByDevice, maxNumberOfAllocations: t.maxNumberOfAllocations, expiresAt: t.expiresAt, content: t.content, createdAt: t.createdAt, forIdentity: t.forIdentity };
}
function relMetaDto(r) {
    return { id: r.id, relationshipTemplateId: r.relationshipTemplateId, from: r.from, to: r.to, createdAt: r.createdAt, status: r.status, auditLog: r.auditLog };
}
const relFullDto = (r) => ({ ...relMetaDto(r), creationContent: r.creationContent, creationResponseContent: r.creationResponseContent });
const BLOCKING = ["Active", "Pending", "Terminated", "DeletionProposed"];

function getTemplateAndAllocate(res, id, me, password) {
    const t = templates.get(id);
    const notFound = () => err(res, 404, "error.platform.recordNotFound", "RelationshipTemplate not found. Make sure the ID exists and the record is not expired. If a password is required to fetch the record, make sure you passed the correct one.");
    if (!t) return { response: notFound() };
    const isCreator = t.createdBy === me.address;
    const usedByMe = [...relationships.values()].some((r) => r.relationshipTemplateId === t.id && (r.from === me.address || r.to === me.address));
    if (isExpired(t.expiresAt) && !usedByMe) return { response: notFound() };
    if (t.forIdentity && t.forIdentity !== me.address && !isCreator) return { response: notFound() };
    if (t.password != null && !isCreator && !t.allocations.has(me.address) && !sameBytes(t.password, password)) return { response: notFound() };
    if (!isCreator && !t.allocations.has(me.address)) {
        if (t.maxNumberOfAllocations != null && t.allocations.size >= t.maxNumberOfAllocations) {
            return { response: err(res, 400, "error.platform.validation.relationshipTemplate.maxNumberOfAllocationsExhausted", "exhausted") };
        }
        t.allocations.add(me.address);
        if (t.maxNumberOfAllocations != null && t.allocations.size === t.maxNumberOfAllocations) {
            addEvent(t.createdBy, "RelationshipTemplateAllocationsExhausted", { relationshipTemplateId: t.id });
        }
    }
    return { template: t };
}

function relationshipRoutes(req, res, url, body, me) {
    const p = url.pathname.toLowerCase();
    const m = req.method;
    const segs = url.pathname.split("/"); // ["", "api", "v2", "Relationships", id, action...]
    let mm;
    if (m === "POST" && p === "/api/v2/relationshiptemplates") {
        const t = {
            id: newId("RLT"),
            createdBy: me.address,
            createdByDevice: me.id,
            maxNumberOfAllocations: body.maxNumberOfAllocations ?? null,
            expiresAt: body.expiresAt ? new Date(body.expiresAt).toISOString() : null,
            content: reencode(body.content),
            createdAt: now(),
            forIdentity: body.forIdentity ?? null,
            password: body.password ?? null,
            allocations: new Set()
        };
        templates.set(t.id, t);
        return ok(res, 201, { id: t.id, createdAt: t.createdAt });
    }
    if (m === "GET" && (mm = /^\/api\/v2\/relationshiptemplates\/([^/]+)$/.exec(p))) {
        const r = getTemplateAndAllocate(res, segs[4], me, url.searchParams.get("password"));
        if (r.response) return r.response;
        return ok(res, 200, templateDto(r.template));
    }
    if (m === "DELETE" && (mm = /^\/api\/v2\/relationshiptemplates\/([^/]+)$/.exec(p))) {
        const t = templates.get(segs[4]);
        if (!t) return err(res, 404, "error.platform.recordNotFound", "RelationshipTemplate not found.");
        if (t.createdBy !== me.address) return err(res, 403, "error.platform.forbidden", "forbidden");
        templates.delete(t.id);
        return send(res, 204);
    }
    if (m === "GET" && p === "/api/v2/relationships/cancreate") {
        const peer = url.searchParams.get("peer");
        if (!identities.has(peer)) return err(res, 404, "error.platform.recordNotFound", "Identity not found.");
        const exists = [...relationships.values()].some((r) => BLOCKING.includes(r.status) && ((r.from === me.address && r.to === peer) || (r.to === me.address && r.from === peer)));
        return ok(res, 200, exists ? { canCreate: false, code: "error.platform.validation.relationship.relationshipToTargetAlreadyExists" } : { canCreate: true, code: null });
    }
    if (m === "POST" && p === "/api/v2/relationships") {
        const got = getTemplateAndAllocate(res, body.relationshipTemplateId, me, undefined);
        if (got.response) return got.response;
        const t = got.template;
        if (t.createdBy === me.address) return err(res, 400, "error.platform.validation.relationship.cannotCreateRelationshipWithYourself", "yourself");
        const exists = [...relationships.values()].some((r) => BLOCKING.includes(r.status) && ((r.from === me.address && r.to === t.createdBy) || (r.to === me.address && r.from === t.createdBy)));
        if (exists) return err(res, 400, "error.platform.validation.relationship.relationshipToTargetAlreadyExists", "exists");
        const r = {
            id: newId("REL"),
            relationshipTemplateId: t.id,
            from: me.address,
            to: t.createdBy,
            createdAt: now(),
            status: "Pending",
            auditLog: [],
            creationContent: reencode(body.creationContent),
            creationResponseContent: null,
            decomposedBy: new Set()
        };
        audit(r, me, "Creation", "Pending");
        relationships.set(r.id, r);
        addEvent(r.to, "RelationshipStatusChanged", { relationshipId: r.id });
        return ok(res, 201, relMetaDto(r));
    }
    if (!/^\/api\/v2\/relationships\/[^/]+/.test(p)) return undefined;
    const r = relationships.get(segs[4]);
    if (!r || (r.from !== me.address && r.to !== me.address)) return err(res, 404, "error.platform.recordNotFound", "Relationship not found.");
    const peer = r.from === me.address ? r.to : r.from;
    const action = segs.slice(5).join("/").toLowerCase();
    const wrongStatus = () => err(res, 400, "error.platform.validation.relationship.relationshipIsNotInCorrectStatus", `status is ${r.status}`);
    const last = r.auditLog[r.auditLog.length - 1];
    if (m === "GET" && action === "") {
        if (r.decomposedBy.has(me.address)) return err(res, 400, "error.platform.validation.relationship.relationshipAlreadyDecomposed", "already decomposed");
        return ok(res, 200, relFullDto(r));
    }
    if (m !== "PUT") return undefined;
    switch (action) {
        case "accept":
        case "reject":
            if (r.status !== "Pending") return wrongStatus();
            if (me.address !== r.to) return err(res, 400, "error.platform.validation.relationship.cannotAcceptOrRejectRelationshipAddressedToSomeoneElse", "not yours");
            if (action === "accept") r.creationResponseContent = reencode(body.creationResponseContent);
            audit(r, me, action === "accept" ? "AcceptanceOfCreation" : "RejectionOfCreation", action === "accept" ? "Active" : "Rejected");
            addEvent(peer, "RelationshipStatusChanged", { relationshipId: r.id });
            break;
        case "revoke":
            if (r.status !== "Pending") return wrongStatus();
            if (me.address !== r.from) return err(res, 400, "error.platform.validation.relationship.cannotRevokeRelationshipNotCreatedByYourself", "not yours");
            audit(r, me, "RevocationOfCreation", "Revoked");
            addEvent(peer, "RelationshipStatusChanged", { relationshipId: r.id });
            break;
        case "terminate":
            if (r.status !== "Active") return wrongStatus();
            audit(r, me, "Termination", "Terminated");
            addEvent(peer, "RelationshipStatusChanged", { relationshipId: r.id });
            break;
        case "reactivate":
            if (last.reason === "ReactivationRequested") return err(res, 400, "error.platform.validation.relationship.cannotRequestReactivationWhenThereIsAnOpenReactivationRequest", "open request");
            if (r.status !== "Terminated") return wrongStatus();
            audit(r, me, "ReactivationRequested", "Terminated");
            addEvent(peer, "RelationshipReactivationRequested", { relationshipId: r.id });
            break;
        case "reactivate/accept":
        case "reactivate/reject":
            if (last.reason !== "ReactivationRequested" || last.createdBy === me.address) {
                return err(res, 400, action === "reactivate/accept" ? "error.platform.validation.relationship.noAcceptableRelationshipReactivationRequestExists" : "error.platform.validation.relationship.noRejectableReactivationRequestExists", "no request");
            }
            audit(r, me, action === "reactivate/accept" ? "AcceptanceOfReactivation" : "RejectionOfReactivation", action === "reactivate/accept" ? "Active" : "Terminated");
            addEvent(peer, "RelationshipReactivationCompleted", { relationshipId: r.id });
            break;
        case "reactivate/revoke":
            if (last.reason !== "ReactivationRequested" || last.createdBy !== me.address) return err(res, 400, "error.platform.validation.relationship.noRevocableReactivationRequestExists", "no request");
            audit(r, me, "RevocationOfReactivation", "Terminated");
            addEvent(peer, "RelationshipReactivationCompleted", { relationshipId: r.id });
            break;
        case "decompose":
            if (r.decomposedBy.has(me.address)) return err(res, 400, "error.platform.validation.relationship.relationshipAlreadyDecomposed", "already decomposed");
            if (!["Rejected", "Revoked", "Terminated", "DeletionProposed"].includes(r.status)) return wrongStatus();
            r.decomposedBy.add(me.address);
            if (r.status === "DeletionProposed") {
                audit(r, me, "Decomposition", "ReadyForDeletion");
            } else {
                audit(r, me, "Decomposition", "DeletionProposed");
                addEvent(peer, "RelationshipStatusChanged", { relationshipId: r.id });
            }
            break;
        default:
            return undefined;
    }
    return ok(res, 200, relMetaDto(r));
}

// ---- messages ----
function youngestRelationship(a, b) {
    const between = [...relationships.values()].filter((r) => (r.from === a && r.to === b) || (r.from === b && r.to === a));
    return between.sort((x, y) => x.createdAt.localeCompare(y.createdAt)).pop();
}
function messageDto(msg, me) {
    const isSender = msg.createdBy === me.address;
    const recipients = msg.recipients
        .filter((r) => isSender || r.address === me.address)
        .map((r) => ({ address: r.address, encryptedKey: r.encryptedKey, receivedAt: r.receivedAt, receivedByDevice: r.receivedByDevice }));
    return { id: msg.id, createdAt: msg.createdAt, createdBy: msg.createdBy, createdByDevice: msg.createdByDevice, body: msg.body, attachments: msg.attachments, recipients };
}
function receiveMessage(msg, me) {
    const own = msg.recipients.find((r) => r.address === me.address);
    if (own && own.receivedAt === null) {
        own.receivedAt = now();
        own.receivedByDevice = me.id;
    }
}
const visibleMessage = (msg, me) => msg.createdBy === me.address || msg.recipients.some((r) => r.address === me.address);

function messageRoutes(req, res, url, body, me) {
    const p = url.pathname.toLowerCase();
    const m = req.method;
    if (m === "POST" && p === "/api/v2/messages") {
        const recipients = [];
        for (const r of body.recipients || []) {
            const rel = youngestRelationship(me.address, r.address);
            if (!rel) return err(res, 400, "error.platform.validation.message.noRelationshipToRecipientExists", `no relationship to ${r.address}`);
            if (!["Active", "Pending", "Terminated"].includes(rel.status)) return err(res, 400, "error.platform.validation.message.relationshipToRecipientNotActive", `relationship to ${r.address} is ${rel.status}`);
            recipients.push({ address: r.address, encryptedKey: reencode(r.encryptedKey), receivedAt: null, receivedByDevice: null, relationshipId: rel.id });
        }
        const msg = { id: newId("MSG"), createdAt: now(), createdBy: me.address, createdByDevice: me.id, body: reencode(body.body), attachments: (body.attachments || []).map((a) => ({ id: a.id })), recipients };
        messages.set(msg.id, msg);
        for (const r of recipients) addEvent(r.address, "MessageReceived", { id: msg.id }, r.relationshipId);
        return ok(res, 201, { id: msg.id, createdAt: msg.createdAt });
    }
    if (m === "GET" && p === "/api/v2/messages") {
        const ids = url.searchParams.getAll("ids");
        const result = [...messages.values()].filter((msg) => visibleMessage(msg, me) && (ids.length === 0 || ids.includes(msg.id)));
        result.forEach((msg) => receiveMessage(msg, me));
        return send(res, 200, { result: result.map((msg) => messageDto(msg, me)), pagination: { pageNumber: 1, pageSize: result.length || 1, totalPages: 1, totalRecords: result.length } });
    }
    let mm;
    if (m === "GET" && (mm = /^\/api\/v2\/messages\/([^/]+)$/.exec(p))) {
        const msg = messages.get(url.pathname.split("/")[4]);
        if (!msg || !visibleMessage(msg, me)) return err(res, 404, "error.platform.recordNotFound", "Message not found.");
        receiveMessage(msg, me);
        return ok(res, 200, messageDto(msg, me));
    }
    return undefined;
}

// ---- files ----
/** Minimal multipart/form-data parser: [{ headers (raw lines), name, filename, contentType, data (Buffer) }]. */
function parseMultipart(buffer, contentType) {
    const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
    const boundary = match ? match[1] || match[2] : undefined;
    const parts = [];
    if (!boundary) return { boundary, parts };
    const delimiter = Buffer.from(`--${boundary}`);
    let pos = buffer.indexOf(delimiter);
    while (pos !== -1) {
        let start = pos + delimiter.length;
        if (buffer.subarray(start, start + 2).toString() === "--") break; // closing delimiter
        start += 2; // CRLF
        const next = buffer.indexOf(delimiter, start);
        if (next === -1) break;
        const part = buffer.subarray(start, next - 2); // without the CRLF before the delimiter
        const headerEnd = part.indexOf("\r\n\r\n");
        const headerLines = part.subarray(0, headerEnd).toString("utf8").split("\r\n");
        const data = part.subarray(headerEnd + 4);
        const disposition = headerLines.find((h) => /^content-disposition:/i.test(h)) || "";
        const name = (/\bname="([^"]*)"/.exec(disposition) || [])[1];
        const filename = (/\bfilename="([^"]*)"/.exec(disposition) || [])[1];
        const type = ((headerLines.find((h) => /^content-type:/i.test(h)) || "").split(":")[1] || "").trim() || undefined;
        parts.push({ headers: headerLines, name, filename, contentType: type, data });
        pos = next;
    }
    return { boundary, parts };
}
function describePart(part) {
    const d = { name: part.name, headers: part.headers, filename: part.filename, contentType: part.contentType, size: part.data.length };
    if (part.filename === undefined) d.value = part.data.toString("utf8");
    else {
        d.sha512 = b64url(crypto.createHash("sha512").update(part.data).digest());
        d.head = part.data.subarray(0, 120).toString("utf8");
    }
    return d;
}
function fileMetadataDto(f) {
    return {
        id: f.id, createdAt: f.createdAt, createdBy: f.createdBy, createdByDevice: f.createdByDevice,
        modifiedAt: f.modifiedAt, modifiedBy: f.modifiedBy, modifiedByDevice: f.modifiedByDevice,
        deletedAt: null, deletedBy: null, deletedByDevice: null,
        owner: f.owner, ownerSignature: f.ownerSignature, ownershipIsLocked: f.ownershipIsLocked,
        cipherSize: f.content.length, cipherHash: f.cipherHash, expiresAt: f.expiresAt, encryptedProperties: f.encryptedProperties
    };
}
const newOwnershipToken = () => Array.from(crypto.randomBytes(20), (b) => ALNUM[b % ALNUM.length]).join("");

function fileRoutes(req, res, url, body, me) {
    const p = url.pathname.toLowerCase();
    const m = req.method;
    const segs = url.pathname.split("/"); // ["", "api", "v2", "Files", id, action]
    if (m === "POST" && p === "/api/v2/files") {
        const parts = new Map(((body && body.parts) || []).map((x) => [x.name && x.name.toLowerCase(), x]));
        const content = parts.get("content");
        if (!content || content.filename === undefined) return err(res, 400, "error.platform.inputCannotBeParsed", "content missing");
        if (content.data.length < 1 || content.data.length > maxFileContent) {
            return err(res, 400, "InclusiveBetweenValidator", `'Content Length' must be between 1 and ${maxFileContent}. You entered ${content.data.length}.`);
        }
        const text = (name) => (parts.has(name) ? parts.get(name).data.toString("utf8") : undefined);
        for (const name of ["cipherhash", "ownersignature", "expiresat", "encryptedproperties"]) {
            if (text(name) === undefined) return err(res, 400, "error.platform.inputCannotBeParsed", `${name} missing`);
        }
        if (isExpired(text("expiresat"))) return err(res, 400, "error.platform.validation.invalidPropertyValue", "'Expires At' must be in the future.");
        const t = now();
        const f = {
            id: newId("FIL"), createdAt: t, createdBy: me.address, createdByDevice: me.id, modifiedAt: t, modifiedBy: me.address, modifiedByDevice: me.id,
            owner: me.address, ownerSignature: reencode(text("ownersignature")), ownershipToken: newOwnershipToken(), ownershipIsLocked: false,
            cipherHash: reencode(text("cipherhash")), expiresAt: new Date(text("expiresat")).toISOString(), encryptedProperties: reencode(text("encryptedproperties")),
            content: Buffer.from(content.data)
        };
        files.set(f.id, f);
        const dto = fileMetadataDto(f);
        delete dto.encryptedProperties;
        delete dto.modifiedByDevice;
        delete dto.deletedByDevice;
        delete dto.ownershipIsLocked;
        return ok(res, 201, { ...dto, ownershipToken: f.ownershipToken });
    }
    if (!/^\/api\/v2\/files\/[^/]+/.test(p)) return undefined;
    const f = files.get(segs[4]);
    if (!f || isExpired(f.expiresAt)) return err(res, 404, "error.platform.recordNotFound", "File not found.");
    const action = segs.slice(5).join("/").toLowerCase();
    const lock = () => {
        f.ownershipIsLocked = true;
        addEvent(f.owner, "FileOwnershipLocked", { fileId: f.id });
    };
    if (m === "GET" && action === "") {
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": f.content.length });
        return res.end(f.content);
    }
    if (m === "GET" && action === "metadata") return ok(res, 200, fileMetadataDto(f));
    if (m === "DELETE" && action === "") {
        if (f.createdBy !== me.address) return err(res, 403, "error.platform.forbidden", "forbidden");
        files.delete(f.id);
        return send(res, 204);
    }
    if (m === "PATCH" && action === "regenerateownershiptoken") {
        if (f.owner !== me.address) return err(res, 403, "error.platform.forbidden", "forbidden");
        f.ownershipToken = newOwnershipToken();
        f.ownershipIsLocked = false;
        return ok(res, 200, { newOwnershipToken: f.ownershipToken });
    }
    if (m === "PATCH" && action === "claimownership") {
        if (f.owner === me.address) return err(res, 400, "error.platform.validation.file.cannotClaimOwnershipOfOwnFile", "own file");
        if (f.ownershipIsLocked) return err(res, 403, "error.platform.forbidden", "ownership is locked");
        if (!body || body.ownershipToken !== f.ownershipToken) {
            lock();
            return err(res, 403, "error.platform.forbidden", "wrong ownership token");
        }
        const previous = f.owner;
        f.owner = me.address;
        f.ownershipToken = newOwnershipToken();
        f.ownershipIsLocked = false;
        addEvent(previous, "FileOwnershipClaimed", { fileId: f.id, newOwnerAddress: me.address });
        return ok(res, 200, { newOwnershipToken: f.ownershipToken });
    }
    if (m === "POST" && action === "validateownershiptoken") {
        if (f.ownershipIsLocked) return ok(res, 200, { isValid: false });
        if (body && body.ownershipToken === f.ownershipToken) return ok(res, 200, { isValid: true });
        if (f.owner !== me.address) lock();
        return ok(res, 200, { isValid: false });
    }
    return undefined;
}

function audit(r, me, reason, newStatus) {
    r.auditLog.push({ createdAt: now(), createdBy: me.address, createdByDevice: me.id, reason, oldStatus: r.auditLog.length ? r.status : null, newStatus });
    r.status = newStatus;
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
