"use strict";

// Identity creation, login and second-device onboarding against a Backbone, driven exclusively through the public
// API of the official client library @nmshd/transport (pinned to 7.0.0). Mirrors what the reference suite does in
// packages/transport/test/testHelpers/TestUtil.ts (createAccount / onboardDevice / createIdentityWithTwoDevices) and
// packages/transport/test/modules/devices/DeviceOnboarding.test.ts of nmshd/runtime at transport 7.0.0.

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { CoreBuffer } = require("@nmshd/crypto");
const { AccountController, Device, DeviceSharedSecret } = require("@nmshd/transport");
const { createTransport, createDatabaseConnection } = require("../lib/setup");

const STEP_TIMEOUT = 60_000;

// The steps build on each other; a step whose prerequisite failed is reported as skipped instead of failing with a
// follow-up error.
function prerequisites(t, values) {
    const missing = Object.entries(values)
        .filter(([, v]) => !v)
        .map(([k]) => k);
    if (missing.length === 0) return true;
    t.skip(`prerequisite from an earlier step missing: ${missing.join(", ")}`);
    return false;
}

describe("identity creation and device onboarding via @nmshd/transport 7.0.0", { timeout: 5 * STEP_TIMEOUT }, () => {
    let transport;
    let connection;
    const openAccounts = [];

    let device1Account;
    let device2Account;
    let newDevice;
    let sharedSecret;
    let device2Db;
    let created; // device1Account once init() succeeded
    let onboarded; // device2Account once init() succeeded

    before(async () => {
        transport = await createTransport();
        connection = createDatabaseConnection();
    });

    after(async () => {
        for (const account of openAccounts) {
            await account.close().catch(() => undefined);
        }
        if (connection) await connection.close().catch(() => undefined);
    });

    it("1. creates a new identity (AccountController.init on a fresh in-memory database)", { timeout: STEP_TIMEOUT }, async () => {
        const db = await connection.getDatabase("acc-device1");
        device1Account = new AccountController(transport, db, transport.config);
        openAccounts.push(device1Account);

        // POST /api/v2/Challenges (anonymous), POST /api/v2/Identities, POST /connect/token,
        // POST /api/v2/SyncRuns (DatawalletVersionUpgrade), PUT .../FinalizeDatawalletVersionUpgrade, datawallet sync
        await device1Account.init();
        created = device1Account;

        const address = device1Account.identity.address.toString();
        assert.match(address, /^did:e:[^:]+:dids:[0-9a-f]{22}$/, `unexpected identity address ${address}`);
        assert.match(device1Account.activeDevice.id.toString(), /^DVC[A-Za-z0-9]{17}$/);
        assert.ok(device1Account.activeDevice.publicKey, "first device must have a device key");
    });

    it("2. logs in and performs authenticated calls (token + full sync)", { timeout: STEP_TIMEOUT }, async (t) => {
        if (!prerequisites(t, { device1Account: created })) return;
        const token = await device1Account.authenticator.getToken();
        assert.equal(typeof token, "string");
        assert.ok(token.length > 0, "empty access token");

        // Forces a fresh token request (POST /connect/token) with the stored device credentials.
        device1Account.authenticator.clear();

        // POST /api/v2/SyncRuns (ExternalEventSync) -> NoNewEvents -> GET /Datawallet, GET /Datawallet/Modifications
        await device1Account.syncEverything();
        assert.ok(await device1Account.getLastCompletedSyncTime(), "sync did not complete");
        assert.ok(await device1Account.getLastCompletedDatawalletSyncTime(), "datawallet sync did not complete");

        const devices = await device1Account.devices.list();
        assert.equal(devices.length, 1);
        assert.equal(devices[0].id.toString(), device1Account.activeDevice.id.toString());
    });

    it("3. registers a second device and creates its DeviceSharedSecret", { timeout: STEP_TIMEOUT }, async (t) => {
        if (!prerequisites(t, { device1Account: created })) return;
        // POST /api/v2/Challenges (authenticated), POST /api/v2/Devices (challenge signed with the identity key)
        newDevice = await device1Account.devices.sendDevice({ name: "Device2", isAdmin: true });
        // pushes the new Devices entry to the datawallet (POST /api/v2/Datawallet/Modifications)
        await device1Account.syncDatawallet();

        assert.ok(newDevice instanceof Device);
        assert.match(newDevice.id.toString(), /^DVC[A-Za-z0-9]{17}$/);
        assert.notEqual(newDevice.id.toString(), device1Account.activeDevice.id.toString());
        assert.ok(newDevice.username, "backbone returned no username");
        assert.equal(newDevice.createdByDevice.toString(), device1Account.activeDevice.id.toString());
        assert.equal(newDevice.publicKey, undefined, "device must not be onboarded yet");
        assert.equal(newDevice.isBackupDevice, false);

        const secret = await device1Account.devices.getSharedSecret(newDevice.id);
        assert.ok(secret instanceof DeviceSharedSecret);
        assert.equal(secret.id.toString(), newDevice.id.toString());
        assert.equal(secret.username, newDevice.username);
        assert.equal(secret.password, newDevice.initialPassword);
        assert.ok(secret.identityPrivateKey, "admin device secret must contain the identity private key");

        // Simulate the transfer to the new device (QR code / token) by serialising and deserialising it.
        sharedSecret = DeviceSharedSecret.deserialize(secret.serialize());
        assert.equal(sharedSecret.identity.address.toString(), device1Account.identity.address.toString());
    });

    it("4. onboards the second device on a second AccountController", { timeout: STEP_TIMEOUT }, async (t) => {
        if (!prerequisites(t, { device1Account: created, sharedSecret })) return;
        device2Db = await connection.getDatabase("acc-device2");
        device2Account = new AccountController(transport, device2Db, transport.config);
        openAccounts.push(device2Account);

        // POST /connect/token (new device, initial password), PUT /api/v2/Devices/Self/Password,
        // datawallet sync (GET /Datawallet, GET /Datawallet/Modifications, POST /Datawallet/Modifications)
        await device2Account.init(sharedSecret);
        onboarded = device2Account;

        assert.equal(device2Account.activeDevice.id.toString(), newDevice.id.toString());
        assert.ok(device2Account.activeDevice.publicKey, "onboarded device must have its own device key");

        await device2Account.syncEverything();
        await device1Account.syncEverything();
    });

    it("5. both accounts own the same identity and the second device is onboarded", { timeout: STEP_TIMEOUT }, async (t) => {
        if (!prerequisites(t, { device1Account: created, device2Account: onboarded })) return;
        assert.equal(device2Account.identity.address.toString(), device1Account.identity.address.toString());
        assert.deepEqual(device2Account.identity.identity.toJSON(), device1Account.identity.identity.toJSON());

        // Both devices hold the identity key: signatures are mutually verifiable.
        const data = CoreBuffer.fromUtf8("backbone compat");
        assert.ok(await device2Account.identity.verify(data, await device1Account.identity.sign(data)));
        assert.ok(await device1Account.identity.verify(data, await device2Account.identity.sign(data)));

        // The device list travelled through the datawallet in both directions:
        // device 2 learnt about device 1, device 1 learnt that device 2 now has a public key (= onboarded).
        const listOn2 = (await device2Account.devices.list()).map((d) => d.id.toString()).sort();
        const listOn1 = (await device1Account.devices.list()).map((d) => d.id.toString()).sort();
        assert.deepEqual(listOn2, listOn1);
        assert.equal(listOn1.length, 2);

        const device2SeenFrom1 = await device1Account.devices.get(newDevice.id);
        assert.ok(device2SeenFrom1, "device 1 does not know device 2");
        assert.ok(device2SeenFrom1.publicKey, "device 1 does not see device 2 as onboarded (no public key synced)");

        // Onboarding an already onboarded device is refused locally.
        await assert.rejects(device1Account.devices.getSharedSecret(newDevice.id), (err) => {
            assert.match(`${err && err.code} ${err && err.message}`, /alreadyOnboarded|already onboarded/i);
            return true;
        });
    });

    it("6. the onboarded device can log in again with its changed password; the initial password is rejected", { timeout: STEP_TIMEOUT }, async (t) => {
        if (!prerequisites(t, { device1Account: created, device2Account: onboarded, device2Db })) return;
        // New AccountController on the same database = app restart -> login with the stored (changed) password.
        const relogin = new AccountController(transport, device2Db, transport.config);
        await relogin.init();
        assert.equal(relogin.identity.address.toString(), device1Account.identity.address.toString());
        assert.equal(relogin.activeDevice.id.toString(), newDevice.id.toString());

        // Onboarding again with the old shared secret logs in with the initial password, which was replaced during
        // onboarding (PUT /api/v2/Devices/Self/Password) -> the token endpoint must refuse it (non-200 answer).
        const otherDb = await connection.getDatabase("acc-device2-again");
        const again = new AccountController(transport, otherDb, transport.config);
        await assert.rejects(again.init(sharedSecret), (err) => {
            assert.match(String(err && (err.code || err.message)), /error\.transport\.request\.noAuthGrant/);
            return true;
        });
    });
});
