"use strict";

// Shared configuration and helpers for the compatibility tests.
// Everything here uses only public classes of @nmshd/transport (no hand-written HTTP).

const { EventEmitter2EventBus } = require("@js-soft/ts-utils");
const { LokiJsConnection } = require("@js-soft/docdb-access-loki");
const { Transport } = require("@nmshd/transport");

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

module.exports = { backboneConfig, createTransport, createDatabaseConnection, createLoggerFactory };
