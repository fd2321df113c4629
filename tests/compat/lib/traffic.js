"use strict";

// Records every HTTP exchange of the @nmshd/transport clients of this process, below the library's own error
// handling. The library hides some failures: RESTClientAuthenticate answers a 401 by clearing its token, logging in
// again and repeating the request once, so a request the server wrongly refused still "succeeds" for the caller.
// Counting the server's answers catches those too.
//
// The transport creates one axios instance per REST client (axios.create in RESTClient's constructor). recordHttp()
// wraps axios.create of the very axios module the transport uses, so every instance created afterwards gets a
// recording interceptor. Call it before the transports and accounts are created. Each test file runs in its own
// process (node --test), so this affects only the file that calls it.

const path = require("node:path");

/** The header and payload of a JWT (no verification), or undefined. */
function decodeJwt(token) {
    if (typeof token !== "string") return undefined;
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    try {
        const json = (part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
        return { header: json(parts[0]), payload: json(parts[1]) };
    } catch (_) {
        return undefined;
    }
}

function bearerOf(config) {
    const headers = config && config.headers;
    if (!headers) return undefined;
    const value = typeof headers.get === "function" ? headers.get("Authorization") : headers.Authorization || headers.authorization;
    const match = /^Bearer\s+(.+)$/i.exec(String(value || ""));
    return match ? match[1] : undefined;
}

/** The form fields of a POST /connect/token body (application/x-www-form-urlencoded). */
function formOf(data) {
    if (typeof data !== "string") return {};
    return Object.fromEntries(new URLSearchParams(data));
}

function errorCodeOf(data) {
    if (!data || typeof data !== "object" || Buffer.isBuffer(data) || data instanceof ArrayBuffer) return undefined;
    if (data.error && typeof data.error === "object") return data.error.code;
    if (typeof data.error === "string") return data.error; // OAuth error ("invalid_client", "invalid_grant")
    return undefined;
}

/**
 * Starts recording. Returns { exchanges, since(index), failures(list) }. Each exchange:
 * { start, end, method, path, status (undefined without a response), ok, error (network error or error code),
 *   kid / device (of the bearer token sent, if any), token: true for POST /connect/token with
 *   clientSecret / username (sent) and issuedKid (kid of the access token received) }.
 */
function recordHttp() {
    const transportDir = path.dirname(require.resolve("@nmshd/transport"));
    const axios = require(require.resolve("axios", { paths: [transportDir] }));
    const exchanges = [];
    const originalCreate = axios.create;

    function record(config, response, error) {
        if (!config) {
            exchanges.push({ start: Date.now(), end: Date.now(), method: "?", path: "?", status: undefined, ok: false, error: String(error && error.message) });
            return;
        }
        const meta = config.__compatRecord || { start: Date.now() };
        const url = String(config.url || "");
        const status = response ? response.status : undefined;
        const entry = {
            start: meta.start,
            end: Date.now(),
            method: String(config.method || "get").toUpperCase(),
            path: url.replace(/^https?:\/\/[^/]+/, "").split("?")[0],
            status,
            ok: status !== undefined && status < 400 && !error
        };
        const bearer = bearerOf(config);
        if (bearer) {
            const jwt = decodeJwt(bearer);
            entry.kid = jwt ? jwt.header.kid : "(not a JWT)";
            entry.device = jwt ? jwt.payload.device_id || jwt.payload.sub : undefined;
        }
        if (/\/connect\/token$/.test(entry.path)) {
            const form = formOf(config.data);
            entry.token = true;
            entry.clientSecret = form.client_secret;
            entry.username = form.username;
            const issued = response && response.data && decodeJwt(response.data.access_token);
            entry.issuedKid = issued ? issued.header.kid : undefined;
        }
        if (!entry.ok) {
            const code = errorCodeOf(response && response.data);
            entry.error = [error && (error.code || error.message), code].filter(Boolean).join(" ") || `HTTP ${status}`;
        }
        exchanges.push(entry);
    }

    axios.create = function create(...args) {
        const instance = originalCreate.apply(this, args);
        instance.interceptors.request.use((config) => {
            config.__compatRecord = { start: Date.now() };
            return config;
        });
        instance.interceptors.response.use(
            (response) => {
                record(response.config, response);
                return response;
            },
            (error) => {
                record(error && error.config, error && error.response, error);
                return Promise.reject(error);
            }
        );
        return instance;
    };

    return {
        exchanges,
        /** Stops recording new axios instances (instances created so far keep recording). */
        restore() {
            axios.create = originalCreate;
        },
        /** Human-readable line of an exchange. */
        describe(e) {
            const when = new Date(e.start).toISOString().substring(11, 23);
            const auth = e.kid ? ` kid=${e.kid}` : "";
            return `${when} ${e.method} ${e.path} -> ${e.status === undefined ? "no response" : e.status}${auth}${e.error ? ` (${e.error})` : ""}`;
        }
    };
}

module.exports = { recordHttp, decodeJwt };
