"use strict";

// Shared configuration and helpers for the compatibility tests.
// Everything here uses only public classes of @nmshd/transport (no hand-written HTTP).

const { EventEmitter2EventBus } = require("@js-soft/ts-utils");
const { LokiJsConnection } = require("@js-soft/docdb-access-loki");
const { CoreDate } = require("@nmshd/core-types");
const { AccountController, DeviceSharedSecret, RelationshipStatus, RelationshipTemplateReference, Transport } = require("@nmshd/transport");

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"];

/**
 * Minimal ILoggerFactory (interface from @js-soft/logging-abstractions) writing to stderr.
 * Level via BACKBONE_COMPAT_LOG_LEVEL (trace|debug|info|warn|error|fatal|off), default "fatal".
 * The transport logs expected failures (e.g. the deliberately rejected login below) with level "error",
 * so the default is quiet.
 */
function createLoggerFactory() {
    const wanted = (process.env.BACKBONE_COMPAT_LOG_LEVEL || "fatal").toLowerCase();
    const threshold = wanted === "off" ? LEVELS.length : Math.max(0, LEVELS.indexOf(wanted));
    return {
        getLogger(name) {
            const category = typeof name === "function" ? name.name : String(name);
            const logger = {};
            LEVELS.forEach((level, i) => {
                logger[level] = (...args) => {
                    if (i < threshold) return;
                    const text = args.map((a) => (typeof a === "string" ? a : safeJson(a))).join(" ");
                    process.stderr.write(`[${level.toUpperCase()}] ${category} - ${text}\n`);
                };
            });
            return logger;
        }
    };
}

function safeJson(value) {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    try {
        return JSON.stringify(value);
    } catch (_) {
        return String(value);
    }
}

function backboneConfig(overrides = {}) {
    const baseUrl = process.env.BACKBONE_URL;
    if (!baseUrl) {
        throw new Error("Environment variable BACKBONE_URL is not set (e.g. BACKBONE_URL=http://localhost:8080).");
    }

    const config = {
        baseUrl,
        platformClientId: process.env.BACKBONE_CLIENT_ID || "test",
        platformClientSecret: process.env.BACKBONE_CLIENT_SECRET || "test",
        // The transport derives the identity address locally from the *hostname* of baseUrl and compares it with
        // the address returned by POST /api/v2/Identities. If the server's DID domain differs from the hostname
        // used to reach it (e.g. server configured for "localhost" but reached via 127.0.0.1), set this.
        addressGenerationHostnameOverride: process.env.BACKBONE_ADDRESS_GENERATION_HOSTNAME_OVERRIDE || undefined,
        // Same values as the reference test suite (packages/transport/test/testHelpers/TestUtil.ts at transport 7.0.0,
        // DeviceOnboarding.test.ts additionally enables the datawallet).
        debug: true,
        supportedIdentityVersion: 1,
        datawalletEnabled: true,
        ...overrides
    };
    return config;
}

async function createTransport(overrides = {}) {
    const eventBus = new EventEmitter2EventBus(() => {
        // ignore errors of event handlers
    });
    const transport = new Transport(backboneConfig(overrides), eventBus, createLoggerFactory());
    await transport.init(); // waits for libsodium (SodiumWrapper.ready())
    return transport;
}

function createDatabaseConnection() {
    return LokiJsConnection.inMemory();
}

let accountCounter = 0;

/**
 * Creates a fresh identity (AccountController.init() on a new, empty database of the given connection), like
 * TestUtil.createAccount of the reference suite: POST /api/v2/Challenges, POST /api/v2/Identities, POST /connect/token,
 * datawallet version upgrade and first datawallet sync.
 */
async function createAccount(transport, connection, name = "account") {
    accountCounter++;
    const db = await connection.getDatabase(`acc-${name}-${accountCounter}-${Math.random().toString(36).substring(2, 8)}`);
    const account = new AccountController(transport, db, transport.config);
    await account.init();
    return account;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Timeout of the sync polling helpers (ms), BACKBONE_COMPAT_SYNC_TIMEOUT_MS, default 10 s. */
function syncTimeoutMs() {
    const value = Number(process.env.BACKBONE_COMPAT_SYNC_TIMEOUT_MS);
    return Number.isFinite(value) && value > 0 ? value : 10_000;
}

/**
 * Like TestUtil.syncUntil of the reference suite: the server delivers external events (e.g. RelationshipStatusChanged)
 * only eventually, so run syncEverything() repeatedly (with a growing pause, 150 ms * iteration, capped at 1 s) until
 * `until(accumulatedChangedItems)` holds or the timeout elapses. Returns the accumulated changed items
 * ({ relationships, messages, identityDeletionProcesses, files }).
 */
async function syncUntil(account, until, { timeoutMs = syncTimeoutMs(), description = "condition" } = {}) {
    const accumulated = { relationships: [], messages: [], identityDeletionProcesses: [], files: [] };
    const deadline = Date.now() + timeoutMs;
    let iteration = 0;
    for (;;) {
        const changed = await account.syncEverything();
        for (const key of Object.keys(accumulated)) {
            if (Array.isArray(changed[key])) accumulated[key].push(...changed[key]);
        }
        if (await until(accumulated)) return accumulated;
        iteration++;
        if (Date.now() >= deadline) {
            throw new Error(`syncUntil: ${description} not met within ${timeoutMs} ms (${iteration} sync runs)`);
        }
        await sleep(Math.min(150 * iteration, 1000, Math.max(0, deadline - Date.now())));
    }
}

/**
 * TestUtil.syncUntilHasRelationship: sync until a changed relationship with the given id (and optionally one of the
 * given statuses) was reported by a sync run; returns the last such relationship object.
 */
async function syncUntilHasRelationship(account, relationshipId, statuses) {
    const id = relationshipId.toString();
    const wanted = statuses ? [].concat(statuses) : undefined;
    const matches = (r) => r.id.toString() === id && (!wanted || wanted.includes(r.status));
    const result = await syncUntil(account, (acc) => acc.relationships.some(matches), {
        description: `relationship ${id}${wanted ? ` in status ${wanted.join("/")}` : ""} reported by a sync run`
    });
    return result.relationships.filter(matches).pop();
}

/**
 * TestUtil.syncUntilHasMessage: sync until a sync run reported the message with the given id (MessageReceived
 * external event -> GET /api/v2/Messages/{id}); returns that message.
 */
async function syncUntilHasMessage(account, messageId) {
    const id = messageId.toString();
    const result = await syncUntil(account, (acc) => acc.messages.some((m) => m.id.toString() === id), {
        description: `message ${id} reported by a sync run`
    });
    return result.messages.filter((m) => m.id.toString() === id).pop();
}

/**
 * TestUtil.syncUntilHasFile: sync until a sync run reported the file with the given id (FileOwnershipLocked /
 * FileOwnershipClaimed external events); returns the last such file.
 */
async function syncUntilHasFile(account, fileId, { description } = {}) {
    const id = fileId.toString();
    const result = await syncUntil(account, (acc) => acc.files.some((f) => f.id.toString() === id), {
        description: description || `file ${id} reported by a sync run`
    });
    return result.files.filter((f) => f.id.toString() === id).pop();
}

/**
 * TestUtil.addRelationship: the templator creates a template (POST /RelationshipTemplates), the requestor loads it
 * through its truncated reference and sends a request (POST /Relationships), the templator syncs until it sees the
 * request and accepts it, the requestor syncs until it is Active. Returns the relationship id.
 * (test/relationships.test.js has its own, more thoroughly asserting copy of this flow.)
 */
async function addRelationship(templator, requestor) {
    const own = await templator.relationshipTemplates.sendRelationshipTemplate({
        content: { mycontent: "template" },
        expiresAt: CoreDate.utc().add({ minutes: 5 }),
        maxNumberOfAllocations: 1
    });
    const truncated = own.toRelationshipTemplateReference(templator.config.baseUrl).truncate();
    const template = await requestor.relationshipTemplates.loadPeerRelationshipTemplateByReference(RelationshipTemplateReference.from(truncated));
    const sent = await requestor.relationships.sendRelationship({ template, creationContent: { mycontent: "request" } });
    const received = await syncUntilHasRelationship(templator, sent.id);
    await templator.relationships.accept(received.id);
    await syncUntilHasRelationship(requestor, sent.id, RelationshipStatus.Active);
    await templator.syncDatawallet();
    return sent.id;
}

/**
 * Collects the transport events of one type published for one identity (the event bus is shared by all accounts of a
 * Transport, events carry eventTargetAddress).
 */
function collectEvents(transport, eventClass, account) {
    const events = [];
    const address = () => account.identity.address.toString();
    const subscription = transport.eventBus.subscribe(eventClass, (event) => {
        if (event.eventTargetAddress === address()) events.push(event);
    });
    events.unsubscribe = () => transport.eventBus.unsubscribe(subscription);
    return events;
}

/**
 * Like TestUtil.onboardDevice of the reference suite: `account` registers a new admin device (POST /api/v2/Devices),
 * pushes it to the datawallet and hands its DeviceSharedSecret (serialised and deserialised, as if transferred) to a
 * new AccountController on its own database, which logs in, changes its password and syncs the datawallet. Both
 * devices then run a full sync (the old one first), so they start from the same datawallet state. Returns the new
 * device's controller.
 */
async function onboardDevice(transport, connection, account, name = "device2") {
    const device = await account.devices.sendDevice({ name, isAdmin: true });
    await account.syncDatawallet();
    const secret = DeviceSharedSecret.deserialize((await account.devices.getSharedSecret(device.id)).serialize());
    accountCounter++;
    const db = await connection.getDatabase(`acc-${name}-${accountCounter}-${Math.random().toString(36).substring(2, 8)}`);
    const onboarded = new AccountController(transport, db, transport.config);
    await onboarded.init(secret);
    await account.syncEverything();
    await onboarded.syncEverything();
    return onboarded;
}

/**
 * Records what the server answers to one account's sync client (sync runs, external events, datawallet), through an
 * axios response interceptor on that client. So the tests can count what the server delivered, not only what the
 * client made of it. `clear()` forgets what was recorded so far, `stop()` removes the interceptor.
 */
function recordSyncTraffic(account) {
    const axios = account.synchronization.client.axiosInstance;
    const exchanges = [];
    const parse = (data) => (typeof data === "string" && data.length > 0 ? JSON.parse(data) : data);
    const interceptor = axios.interceptors.response.use((response) => {
        const { method, url } = response.config;
        // A copy: the client sorts some result arrays in place.
        const copy = structuredClone(response.data);
        exchanges.push({ method: method.toUpperCase(), path: url, status: response.status, request: parse(response.config.data), response: copy });
        return response;
    });
    const matching = (method, pattern) => exchanges.filter((e) => e.method === method && pattern.test(e.path) && e.status < 400);
    return {
        exchanges,
        /** Answers with a status >= 400, as "METHOD path -> status code". */
        get errors() {
            return exchanges.filter((e) => e.status >= 400).map((e) => `${e.method} ${e.path} -> ${e.status} ${e.response && e.response.error && e.response.error.code}`);
        },
        /** `status` of every POST /SyncRuns of type ExternalEventSync: "Created" or "NoNewEvents". */
        get syncRunStarts() {
            return matching("POST", /^\/api\/v2\/SyncRuns$/)
                .filter((e) => e.request.type === "ExternalEventSync")
                .map((e) => e.response.result.status);
        },
        /** Every item of every page of GET /SyncRuns/{id}/ExternalEvents. */
        get externalEvents() {
            return matching("GET", /^\/api\/v2\/SyncRuns\/[^/]+\/ExternalEvents$/).flatMap((e) => e.response.result);
        },
        /** The externalEventResults the client sent with PUT /SyncRuns/{id}/FinalizeExternalEventSync. */
        get externalEventResults() {
            return matching("PUT", /\/FinalizeExternalEventSync$/).flatMap((e) => e.request.externalEventResults);
        },
        /** The modifications the server acknowledged (POST /Datawallet/Modifications or with a finalized sync run). */
        get pushedModifications() {
            return [
                ...matching("POST", /^\/api\/v2\/Datawallet\/Modifications$/).flatMap((e) => e.response.result.modifications),
                ...matching("PUT", /\/FinalizeExternalEventSync$/).flatMap((e) => e.response.result.datawalletModifications)
            ];
        },
        /** Every modification of every page of GET /Datawallet/Modifications. */
        get receivedModifications() {
            return matching("GET", /^\/api\/v2\/Datawallet\/Modifications$/).flatMap((e) => e.response.result);
        },
        clear() {
            exchanges.length = 0;
        },
        stop() {
            axios.interceptors.response.eject(interceptor);
        }
    };
}

/**
 * Call inside a `describe`: opens a transport and an in-memory database before the suite and closes
 * them, with every account made through `accounts(...names)`, after it.
 */
function useAccounts() {
    const { before, after } = require("node:test");
    const state = { transport: undefined, connection: undefined, open: [] };
    before(async () => {
        state.transport = await createTransport();
        state.connection = createDatabaseConnection();
    });
    after(async () => {
        for (const account of state.open) {
            await account.close().catch(() => undefined);
        }
        if (state.connection) await state.connection.close().catch(() => undefined);
    });
    return {
        get transport() {
            return state.transport;
        },
        async accounts(...names) {
            const result = [];
            for (const name of names) {
                const account = await createAccount(state.transport, state.connection, name);
                state.open.push(account);
                result.push(account);
            }
            return result;
        },
        /** A second device of `account`'s identity, onboarded with onboardDevice(). */
        async secondDevice(account, name = "device2") {
            const device = await onboardDevice(state.transport, state.connection, account, name);
            state.open.push(device);
            return device;
        }
    };
}

module.exports = {
    useAccounts,
    backboneConfig,
    createTransport,
    createDatabaseConnection,
    createLoggerFactory,
    createAccount,
    syncUntil,
    syncUntilHasRelationship,
    syncUntilHasMessage,
    syncUntilHasFile,
    addRelationship,
    onboardDevice,
    recordSyncTraffic,
    collectEvents,
    sleep
};
