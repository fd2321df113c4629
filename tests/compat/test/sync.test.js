"use strict";

// Sync runs and the datawallet against a Backbone, driven through the public API of the official client library
// @nmshd/transport (pinned to 7.0.0). Besides what the client made of a sync (its ChangedItems, its transport events,
// its local data), the tests record what the server answered to the sync client (recordSyncTraffic in lib/setup.js:
// POST /SyncRuns, GET /SyncRuns/{id}/ExternalEvents, PUT .../FinalizeExternalEventSync, GET and POST
// /Datawallet/Modifications) and count it exactly.

const { describe, it } = require("node:test");
const assert = require("node:assert/strict");
const { Serializable } = require("@js-soft/ts-serval");
const { CoreDate } = require("@nmshd/core-types");
const { MessageReceivedEvent, RelationshipChangedEvent, RelationshipStatus } = require("@nmshd/transport");
const { useAccounts, addRelationship, syncUntil, recordSyncTraffic, collectEvents } = require("../lib/setup");

const TEST_TIMEOUT = 120_000;

describe("sync runs and the datawallet via @nmshd/transport 7.0.0", { timeout: 4 * TEST_TIMEOUT }, () => {
    const suite = useAccounts();
    const ids = (items) => items.map((item) => item.id.toString());

    it("1. B syncs A's message and A's termination: each external event is delivered and processed exactly once", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await suite.accounts("sender", "recipient");
        const relationshipId = (await addRelationship(a, b)).toString();

        const traffic = recordSyncTraffic(b);
        const messagesOnB = collectEvents(suite.transport, MessageReceivedEvent, b);
        const relationshipsOnB = collectEvents(suite.transport, RelationshipChangedEvent, b);
        try {
            // A: POST /Messages, then PUT /Relationships/{id}/Terminate
            const sent = await a.messages.sendMessage({ recipients: [b.identity.address], content: Serializable.fromAny({ content: "before termination" }) });
            const messageId = sent.id.toString();
            await a.relationships.terminate(relationshipId);

            // B: sync runs until both arrived (the server may deliver them in one run or in two)
            const changed = await syncUntil(b, (acc) => acc.messages.length > 0 && acc.relationships.some((r) => r.status === RelationshipStatus.Terminated), {
                description: "the message and the termination on B"
            });

            // What the server delivered over all those runs: exactly these two events, in the order they happened ...
            assert.deepEqual(traffic.errors, []);
            const events = traffic.externalEvents;
            assert.deepEqual(
                events.map((e) => [e.type, e.payload.id || e.payload.relationshipId]),
                [
                    ["MessageReceived", messageId],
                    ["RelationshipStatusChanged", relationshipId]
                ]
            );
            assert.ok(events[0].index < events[1].index, "external event indexes must increase");
            // ... and B finalized each of them once, without an error.
            assert.deepEqual(traffic.externalEventResults, events.map((e) => ({ externalEventId: e.id })));

            // What the client made of them: one new message, one changed relationship.
            assert.deepEqual(ids(changed.messages), [messageId]);
            assert.deepEqual(ids(changed.relationships), [relationshipId]);
            assert.equal(changed.relationships[0].status, RelationshipStatus.Terminated);
            assert.deepEqual(ids(messagesOnB.map((e) => e.data)), [messageId]);
            assert.deepEqual(relationshipsOnB.map((e) => e.data.status), [RelationshipStatus.Terminated]);
            assert.deepEqual(ids(await b.messages.getMessages()), [messageId]);
            const onB = await b.relationships.getRelationship(relationshipId);
            assert.equal(onB.status, RelationshipStatus.Terminated);
            assert.equal(onB.auditLog.at(-1).reason, "Termination");
            assert.equal(onB.auditLog.at(-1).createdBy.toString(), a.identity.address.toString());

            // A second sync: the server has no new events, the client changes nothing.
            traffic.clear();
            const again = await b.syncEverything();
            assert.deepEqual(traffic.syncRunStarts, ["NoNewEvents"]);
            assert.deepEqual(traffic.externalEvents, []);
            assert.deepEqual([again.messages.length, again.relationships.length], [0, 0]);
            assert.deepEqual([messagesOnB.length, relationshipsOnB.length], [1, 1]);
            assert.deepEqual(ids(await b.messages.getMessages()), [messageId]);
        } finally {
            traffic.stop();
            messagesOnB.unsubscribe();
            relationshipsOnB.unsubscribe();
        }
    });

    it("2. the datawallet carries a token's creation, update and deletion between the two devices of an identity", { timeout: TEST_TIMEOUT }, async () => {
        const [device1] = await suite.accounts("device1");
        const device2 = await suite.secondDevice(device1);
        const traffic = new Map([device1, device2].map((device) => [device, recordSyncTraffic(device)]));
        const deviceId = (device) => device.activeDevice.id.toString();

        /**
         * `from` syncs and pushes its modifications, then `to` syncs and must receive exactly those (same ids and indexes,
         * created by `from`), change exactly `objectId` and push nothing back. Returns the modifications `to` received.
         */
        async function roundTrip(from, to, objectId) {
            for (const t of traffic.values()) t.clear();
            await from.syncEverything();
            const pushed = traffic.get(from).pushedModifications;
            assert.ok(pushed.length > 0, "the change was not pushed to the datawallet");
            const changed = await to.syncEverything();
            const received = traffic.get(to).receivedModifications;
            assert.deepEqual(received.map((m) => [m.id, m.index]), pushed.map((m) => [m.id, m.index]));
            for (const m of received) {
                assert.equal(m.createdByDevice, deviceId(from));
                assert.equal(m.objectIdentifier, objectId);
                assert.equal(m.collection, "Tokens");
            }
            assert.deepEqual(changed.changedObjectIdentifiersDuringDatawalletSync, [objectId]);
            assert.deepEqual(traffic.get(to).pushedModifications, []);
            for (const t of traffic.values()) assert.deepEqual(t.errors, []);
            return received;
        }

        try {
            // Device 1 creates a token (stored in the synchronized collection "Tokens"); device 2 gets it.
            const token = await device1.tokens.sendToken({
                content: Serializable.fromAny({ content: "from device 1" }),
                expiresAt: CoreDate.utc().add({ minutes: 5 }),
                ephemeral: false
            });
            const tokenId = token.id.toString();
            const created = await roundTrip(device1, device2, tokenId);
            assert.ok(created.every((m) => m.type === "Create"));
            const onDevice2 = await device2.tokens.getToken(tokenId);
            assert.ok(onDevice2, "device 2 does not have the token");
            assert.equal(onDevice2.content.toJSON().content, "from device 1");
            assert.equal(onDevice2.isOwn, true);
            assert.equal(onDevice2.createdByDevice.toString(), deviceId(device1));
            assert.equal(onDevice2.secretKey.toBase64(), token.secretKey.toBase64());

            // Device 2 sets its metadata; device 1 gets the update.
            await device2.tokens.setTokenMetadata(token.id, { note: "from device 2" });
            const updated = await roundTrip(device2, device1, tokenId);
            assert.deepEqual(updated.map((m) => [m.type, m.payloadCategory]), [["Update", "Metadata"]]);
            assert.deepEqual((await device1.tokens.getToken(tokenId)).metadata, { note: "from device 2" });

            // Device 1 deletes it (DELETE /Tokens/{id}); device 2 loses it.
            await device1.tokens.delete(await device1.tokens.getToken(tokenId));
            const deleted = await roundTrip(device1, device2, tokenId);
            assert.deepEqual(deleted.map((m) => m.type), ["Delete"]);
            assert.equal(await device2.tokens.getToken(tokenId), undefined);

            // Nothing is left to exchange.
            for (const t of traffic.values()) t.clear();
            await device1.syncEverything();
            await device2.syncEverything();
            for (const t of traffic.values()) {
                assert.deepEqual(t.receivedModifications, []);
                assert.deepEqual(t.pushedModifications, []);
            }
        } finally {
            for (const t of traffic.values()) t.stop();
        }
    });
});
