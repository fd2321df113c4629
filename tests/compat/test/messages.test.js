"use strict";

// Messages and files against a Backbone, driven exclusively through the public API of the official client library
// @nmshd/transport (pinned to 7.0.0). The flows follow the reference suite of nmshd/runtime at transport 7.0.0 (commit
// 28aa600f): packages/transport/test/testHelpers/TestUtil.ts (sendMessage, sendMessagesWithFiles, uploadFile,
// syncUntilHasMessage, syncUntilHasFile), test/modules/messages/MessageController.test.ts, Attachment.test.ts and
// test/modules/files/FileController.test.ts.
//
// Every test creates its own identities. Tests whose name starts with "files:" need the Files routes
// (POST /api/v2/Files, GET /api/v2/Files/{id}, GET /api/v2/Files/{id}/metadata, DELETE, ownership token routes);
// BACKBONE_COMPAT_SKIP_FILES=1 skips them. The recipient learns about a message only through a sync run (external
// event MessageReceived -> GET /api/v2/Messages/{id}, which also loads the metadata of every attachment), so the tests
// poll with syncEverything() (timeout BACKBONE_COMPAT_SYNC_TIMEOUT_MS, default 10 s).

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const nodeCrypto = require("node:crypto");
const { Serializable } = require("@js-soft/ts-serval");
const { CoreDate, CoreId, FileReference } = require("@nmshd/core-types");
const { CoreBuffer } = require("@nmshd/crypto");
const {
    CoreCrypto,
    FileOwnershipClaimedEvent,
    FileOwnershipLockedEvent,
    MessageReceivedEvent,
    MessageSentEvent,
    RelationshipStatus
} = require("@nmshd/transport");
const {
    useAccounts,
    addRelationship,
    syncUntil,
    syncUntilHasMessage,
    syncUntilHasFile,
    syncUntilHasRelationship,
    collectEvents
} = require("../lib/setup");

const TEST_TIMEOUT = 120_000;
const LARGE_FILE_TIMEOUT = 600_000;
const MiB = 1024 * 1024;
const ID = (prefix) => new RegExp(`^${prefix}[A-Za-z0-9]{17}$`);
// Same tolerance as TestUtil.tempDateThreshold: server timestamps must be "now" within 30 s.
const THRESHOLD = { seconds: 30 };
// Upper limit of the uploaded (encrypted) file content the server accepts. The reference ConsumerApi
// (CreateFileDTOValidator) and shared/spec/consumer-api.md §5.9 allow 1 B .. 10 MiB; override when the server allows more.
const MAX_FILE_CONTENT_BYTES = Number(process.env.BACKBONE_COMPAT_MAX_FILE_CONTENT_BYTES) || 10 * MiB;
const SKIP_FILES = ["1", "true", "yes"].includes(String(process.env.BACKBONE_COMPAT_SKIP_FILES || "").toLowerCase());
const filesOpts = (timeout = TEST_TIMEOUT) => ({ timeout, skip: SKIP_FILES ? "BACKBONE_COMPAT_SKIP_FILES is set" : false });

describe("messages and files via @nmshd/transport 7.0.0", { timeout: 40 * TEST_TIMEOUT }, () => {
    const suite = useAccounts();
    const accounts = (...names) => suite.accounts(...names);

    /** Expects the promise to reject with an error whose code or message matches (CoreError / RequestError of the client). */
    async function rejectsWith(promise, pattern, status) {
        await assert.rejects(promise, (e) => {
            assert.match(`${e && e.code} ${e && e.message}`, pattern);
            if (status !== undefined) assert.equal(e.status, status, `HTTP status of ${e.code}`);
            return true;
        });
    }

    const addressOf = (account) => account.identity.address.toString();
    const str = (value) => (value === undefined || value === null ? value : value.toString());

    function assertRecent(date, what) {
        assert.ok(date, `${what} missing`);
        const lower = CoreDate.utc().subtract(THRESHOLD);
        const upper = CoreDate.utc().add(THRESHOLD);
        assert.ok(date.isSameOrAfter(lower) && date.isSameOrBefore(upper), `${what} ${date.toISOString()} is not close to now`);
    }

    /** TestUtil.sendMessagesWithFiles: content defaults to Serializable.fromAny({ content: "TestContent" }). */
    async function sendMessage(from, recipients, { files = [], content } = {}) {
        return await from.messages.sendMessage({
            recipients: recipients.map((r) => r.identity.address),
            content: content || Serializable.fromAny({ content: "TestContent" }),
            attachments: files
        });
    }

    /** TestUtil.uploadFile (POST /api/v2/Files, multipart). */
    async function uploadFile(from, buffer, overrides = {}) {
        return await from.files.sendFile({
            buffer,
            title: "Test",
            description: "Dies ist eine Beschreibung",
            filename: "Test.bin",
            filemodified: CoreDate.from("2019-09-30T00:00:00.000Z"),
            mimetype: "application/json",
            expiresAt: CoreDate.utc().add({ minutes: 5 }),
            tags: ["tag1", "tag2"],
            ...overrides
        });
    }

    const randomBuffer = (size) => CoreBuffer.from(nodeCrypto.randomBytes(size));

    function assertSameBytes(actual, expected, what) {
        assert.equal(actual.buffer.length, expected.buffer.length, `${what}: length differs`);
        assert.ok(Buffer.from(actual.buffer).equals(Buffer.from(expected.buffer)), `${what}: bytes differ`);
    }

    /** Size of the request's file part for a plaintext of `size` bytes: the serialised CryptoCipher (JSON, base64url ciphertext). */
    async function uploadSizeFor(size) {
        const cipher = await CoreCrypto.encrypt(CoreBuffer.from(new Uint8Array(size)), await CoreCrypto.generateSecretKey());
        return CoreBuffer.fromBase64URL(cipher.toBase64()).length;
    }

    /**
     * Largest plaintext size whose upload still fits into `limit` bytes. The upload is the JSON of the CryptoCipher:
     * a constant frame plus the unpadded base64url of ciphertext (plaintext + 16 bytes MAC), so
     * uploadSize(n) = ceil(4 * (n + 16) / 3) + frame; the result is checked with one real encryption.
     */
    async function largestPlaintextFor(limit) {
        const b64Len = (n) => Math.ceil((4 * (n + 16)) / 3);
        const frame = (await uploadSizeFor(0)) - b64Len(0);
        let size = Math.floor(((limit - frame) * 3) / 4) - 16;
        while (b64Len(size + 1) + frame <= limit) size++;
        while (b64Len(size) + frame > limit) size--;
        assert.ok((await uploadSizeFor(size)) <= limit && (await uploadSizeFor(size + 1)) > limit, "upload size estimate is off");
        return size;
    }

    /** The own file as returned by sendFile (values from the upload response and the local input). */
    function assertUploadedFile(file, owner, buffer, expiresAt) {
        assert.match(file.id.toString(), ID("FIL"));
        assert.equal(file.isOwn, true);
        assert.equal(file.owner.toString(), addressOf(owner));
        assert.equal(file.createdBy.toString(), addressOf(owner));
        assert.equal(file.createdByDevice.toString(), owner.activeDevice.id.toString());
        assertRecent(file.createdAt, "file createdAt");
        assert.equal(file.expiresAt.toISOString(), expiresAt.toISOString(), "expiresAt of the upload response");
        assert.equal(file.filesize, buffer.buffer.length);
        assert.equal(typeof file.ownershipToken, "string", "upload response without ownershipToken");
        assert.ok(file.ownershipToken.length > 0, "empty ownershipToken");
    }

    /** FileController.test.ts expectValidFiles: the peer's copy (from GET /Files/{id}/metadata) matches the sender's. */
    function assertSameFile(sent, received, owner) {
        assert.equal(received.id.toString(), sent.id.toString());
        assert.equal(received.isOwn, false);
        assert.equal(received.createdBy.toString(), addressOf(owner));
        assert.equal(received.createdByDevice.toString(), owner.activeDevice.id.toString());
        assert.equal(received.owner.toString(), addressOf(owner));
        assert.equal(received.createdAt.toISOString(), sent.createdAt.toISOString());
        assert.equal(received.expiresAt.toISOString(), sent.expiresAt.toISOString());
        // cipherHash is compared as a *string* with the base64url (no padding) SHA-512 of the downloaded bytes.
        assert.equal(received.cipherHash.hash, sent.cipherHash.hash, "cipherHash of GET /Files/{id}/metadata");
        assert.equal(received.ownerSignature.toBase64(), sent.ownerSignature.toBase64(), "ownerSignature");
        // Decrypted from encryptedProperties:
        assert.equal(received.title, sent.title);
        assert.equal(received.description, sent.description);
        assert.equal(received.filename, sent.filename);
        assert.deepEqual(received.tags, sent.tags);
        assert.equal(received.filesize, sent.filesize);
        assert.equal(str(received.filemodified), str(sent.filemodified));
        assert.equal(received.mimetype, sent.mimetype);
        assert.equal(received.plaintextHash.hash, sent.plaintextHash.hash);
        assert.equal(received.cipherKey.toBase64(), sent.cipherKey.toBase64());
        assert.equal(received.ownershipToken, undefined);
        assert.equal(received.deletedAt, undefined);
    }

    // ------------------------------------------------------------------------------------------------------------------
    // Messages
    // ------------------------------------------------------------------------------------------------------------------

    it("1. A sends B a message; B receives it in a sync run; receipt visible to A", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("sender", "recipient");
        const relationshipId = await addRelationship(a, b);

        const sentEvents = collectEvents(suite.transport, MessageSentEvent, a);
        const receivedEvents = collectEvents(suite.transport, MessageReceivedEvent, b);
        try {
            // A: POST /api/v2/Messages
            const content = Serializable.fromAny({ content: "Hello B", nested: { n: 1, list: ["x", "y"] } });
            const sent = await sendMessage(a, [b], { content });
            assert.match(sent.id.toString(), ID("MSG"));
            assert.equal(sent.isOwn, true);
            assert.equal(sent.createdBy.toString(), addressOf(a));
            assert.equal(sent.createdByDevice.toString(), a.activeDevice.id.toString());
            assertRecent(sent.createdAt, "message createdAt (POST response)");
            assert.equal(sent.recipients.length, 1);
            assert.equal(sent.recipients[0].address.toString(), addressOf(b));
            assert.equal(str(sent.recipients[0].relationshipId), relationshipId.toString());
            assert.equal(sent.recipients[0].receivedAt, undefined);
            assert.deepEqual(sent.attachments, []);
            assert.equal(sent.receivedByEveryone, false);
            assert.equal(sentEvents.length, 1);

            // B: sync run with a MessageReceived external event -> GET /api/v2/Messages/{id}
            const received = await syncUntilHasMessage(b, sent.id);
            assert.equal(received.id.toString(), sent.id.toString());
            assert.equal(received.isOwn, false);
            assert.equal(received.createdBy.toString(), addressOf(a));
            assert.equal(received.createdByDevice.toString(), a.activeDevice.id.toString());
            assert.equal(received.createdAt.toISOString(), sent.createdAt.toISOString(), "createdAt of GET /Messages/{id}");
            assert.equal(received.content.serialize(), sent.content.serialize(), "decrypted content");
            assert.deepEqual(received.content.toJSON(), { content: "Hello B", nested: { n: 1, list: ["x", "y"] } });
            assert.deepEqual(received.attachments, []);
            assert.equal(received.receivedByEveryone, false);
            // A received message only lists the recipient itself.
            assert.equal(received.recipients.length, 1);
            const me = received.recipients[0];
            assert.equal(me.address.toString(), addressOf(b));
            assert.equal(str(me.relationshipId), relationshipId.toString());
            assert.equal(me.encryptedKey.toBase64(), sent.recipients[0].encryptedKey.toBase64(), "encryptedKey round trip");
            // The first GET by the recipient marks the message as received, and already returns the receipt.
            assertRecent(me.receivedAt, "recipient receivedAt (first GET /Messages/{id})");
            assert.equal(str(me.receivedByDevice), b.activeDevice.id.toString());
            assert.equal(receivedEvents.length, 1);
            assert.equal(receivedEvents[0].data.id.toString(), sent.id.toString());

            // Stored locally on B
            const stored = await b.messages.getMessage(sent.id);
            assert.ok(stored, "message not stored on B");
            assert.equal(stored.content.serialize(), sent.content.serialize());
            assert.equal((await b.messages.getMessagesByAddress(a.identity.address)).length, 1);
            assert.equal((await b.messages.getMessagesByRelationshipId(relationshipId)).length, 1);
            assert.equal((await b.messages.getReceivedMessages()).length, 1);
            assert.equal((await a.messages.getMessagesByAddress(b.identity.address)).length, 1);
            assert.equal((await a.messages.getReceivedMessages()).length, 0);

            // The event is not delivered twice.
            const again = await b.syncEverything();
            assert.equal(again.messages.length, 0, "MessageReceived delivered again");

            // A: GET /api/v2/Messages?ids=... (what the MessageDelivered processor would do) shows B's receipt.
            const [updated] = await a.messages.updateBackboneData([sent.id.toString()]);
            assert.equal(updated.id.toString(), sent.id.toString());
            assert.equal(updated.isOwn, true);
            assert.equal(updated.recipients.length, 1);
            assert.equal(updated.recipients[0].address.toString(), addressOf(b));
            assert.equal(str(updated.recipients[0].relationshipId), relationshipId.toString());
            assert.equal(updated.recipients[0].receivedAt.toISOString(), me.receivedAt.toISOString(), "receivedAt seen by the sender");
            assert.equal(str(updated.recipients[0].receivedByDevice), b.activeDevice.id.toString());
            assert.equal(updated.content.serialize(), sent.content.serialize(), "sender decrypts its own message");
            // Syncing A (no MessageDelivered is emitted, nothing must break)
            await a.syncEverything();
        } finally {
            sentEvents.unsubscribe();
            receivedEvents.unsubscribe();
        }
    });

    it("2. a message to two recipients; each receives it, the sender sees both receipts", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b, c] = await accounts("sender", "recipient1", "recipient2");
        const relB = await addRelationship(a, b);
        const relC = await addRelationship(c, a); // the other direction: A is the requestor here

        const sent = await sendMessage(a, [b, c], { content: Serializable.fromAny({ content: "to both" }) });
        assert.deepEqual(
            sent.recipients.map((r) => [r.address.toString(), str(r.relationshipId)]),
            [
                [addressOf(b), relB.toString()],
                [addressOf(c), relC.toString()]
            ]
        );

        for (const [recipient, relationshipId] of [
            [b, relB],
            [c, relC]
        ]) {
            const received = await syncUntilHasMessage(recipient, sent.id);
            assert.equal(received.createdBy.toString(), addressOf(a));
            assert.equal(received.content.serialize(), sent.content.serialize());
            assert.equal(received.recipients.length, 1, "a recipient sees only itself");
            assert.equal(received.recipients[0].address.toString(), addressOf(recipient));
            assert.equal(str(received.recipients[0].relationshipId), relationshipId.toString());
            assert.equal(str(received.recipients[0].receivedByDevice), recipient.activeDevice.id.toString());
            assertRecent(received.recipients[0].receivedAt, "receivedAt");
        }

        const [updated] = await a.messages.updateBackboneData([sent.id.toString()]);
        assert.deepEqual(
            updated.recipients.map((r) => [r.address.toString(), str(r.relationshipId), str(r.receivedByDevice)]),
            [
                [addressOf(b), relB.toString(), b.activeDevice.id.toString()],
                [addressOf(c), relC.toString(), c.activeDevice.id.toString()]
            ],
            "sender's view (GET /Messages?ids=...) must list both recipients in order, with their receipts"
        );
        for (const r of updated.recipients) assertRecent(r.receivedAt, "receivedAt seen by the sender");
        assert.equal((await a.messages.getMessagesByRelationshipId(relB)).length, 1);
        assert.equal((await a.messages.getMessagesByRelationshipId(relC)).length, 1);
    });

    it("3. messages are refused locally without an active or terminated relationship", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("sender", "stranger");
        // No relationship: refused by the client before any request.
        await rejectsWith(sendMessage(a, [b]), /hasNeitherActiveNorTerminatedRelationship/);
    });

    it("4. a message sent while the relationship is terminated is delivered after reactivation", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("sender", "recipient");
        const id = await addRelationship(a, b);
        await a.relationships.terminate(id);
        await syncUntilHasRelationship(b, id, RelationshipStatus.Terminated);

        // The client allows sending to a terminated relationship; the server stores the message but holds back
        // B's MessageReceived event until the relationship is Active again.
        const sent = await sendMessage(a, [b], { content: Serializable.fromAny({ content: "while terminated" }) });
        for (let i = 0; i < 2; i++) {
            const changed = await b.syncEverything();
            assert.equal(changed.messages.length, 0, "message delivered although the relationship is terminated");
        }

        await a.relationships.requestReactivation(id);
        await syncUntil(b, (acc) => acc.relationships.some((r) => r.id.equals(id) && r.auditLog.at(-1).reason === "ReactivationRequested"), {
            description: "reactivation request on B"
        });
        await b.relationships.acceptReactivation(id);

        const received = await syncUntilHasMessage(b, sent.id);
        assert.equal(received.content.serialize(), sent.content.serialize());
        assert.equal(str(received.recipients[0].relationshipId), id.toString());
    });

    // ------------------------------------------------------------------------------------------------------------------
    // Files (need POST/GET/DELETE /api/v2/Files...)
    // ------------------------------------------------------------------------------------------------------------------

    it("files: 5. message with two attachments; B downloads both byte for byte", filesOpts(), async () => {
        const [a, b] = await accounts("sender", "recipient");
        await addRelationship(a, b);

        // A: POST /api/v2/Files (multipart)
        const content1 = CoreBuffer.fromUtf8("abcd");
        const content2 = randomBuffer(256 * 1024);
        const expiresAt = CoreDate.utc().add({ minutes: 5 });
        const file1 = await uploadFile(a, content1, { expiresAt });
        assertUploadedFile(file1, a, content1, expiresAt);
        const file2 = await uploadFile(a, content2, { filename: "random.bin", mimetype: "application/octet-stream", title: undefined, description: undefined, tags: undefined });
        assertUploadedFile(file2, a, content2, file2.expiresAt);
        assert.notEqual(file1.ownershipToken, file2.ownershipToken);

        // The owner can download its own file: GET /api/v2/Files/{id}
        assertSameBytes(await a.files.downloadFileContent(file1), content1, "owner's download of file 1");

        // A: POST /api/v2/Messages with attachments [{id}]
        const sent = await sendMessage(a, [b], { files: [file1, file2] });
        assert.deepEqual(sent.attachments.map(str), [file1.id.toString(), file2.id.toString()]);

        // B: MessageReceived -> GET /api/v2/Messages/{id} -> GET /api/v2/Files/{id}/metadata for each attachment
        const received = await syncUntilHasMessage(b, sent.id);
        assert.deepEqual(received.attachments.map(str), [file1.id.toString(), file2.id.toString()]);
        assertSameFile(file1, await b.files.getFile(file1.id), a);
        assertSameFile(file2, await b.files.getFile(file2.id), a);

        // B: GET /api/v2/Files/{id} (raw bytes), cipher hash and plaintext hash checked by the client
        assertSameBytes(await b.files.downloadFileContent(received.attachments[0]), content1, "B's download of file 1");
        assertSameBytes(await b.files.downloadFileContent(received.attachments[1]), content2, "B's download of file 2");
    });

    it("files: 6. the largest file whose upload fits the server's content limit round-trips", filesOpts(LARGE_FILE_TIMEOUT), async () => {
        const [a, b] = await accounts("sender", "recipient");
        await addRelationship(a, b);

        const size = Math.min(await largestPlaintextFor(MAX_FILE_CONTENT_BYTES), a.config.platformMaxUnencryptedFileSize);
        const content = randomBuffer(size);
        const file = await uploadFile(a, content, { filename: "large.bin", mimetype: "application/octet-stream" });
        assert.equal(file.filesize, size);

        const sent = await sendMessage(a, [b], { files: [file] });
        const received = await syncUntilHasMessage(b, sent.id);
        assertSameFile(file, await b.files.getFile(file.id), a);
        assertSameBytes(await b.files.downloadFileContent(received.attachments[0]), content, `B's download of ${size} bytes`);
    });

    it("files: 7. a 10 MiB plaintext (the client's maximum, ~13.3 MiB upload) against the server's content limit", filesOpts(LARGE_FILE_TIMEOUT), async () => {
        const [a, b] = await accounts("sender", "recipient");
        const max = a.config.platformMaxUnencryptedFileSize;
        assert.equal(max, 10 * MiB);

        // One byte more is refused by the client itself.
        await rejectsWith(uploadFile(a, CoreBuffer.from(new Uint8Array(max + 1))), /error\.transport\.files\.maxFileSizeExceeded/);

        const content = randomBuffer(max);
        const uploadSize = await uploadSizeFor(max);
        if (uploadSize > MAX_FILE_CONTENT_BYTES) {
            // Reference behaviour (ConsumerApi CreateFileDTOValidator: content length 1 B .. 10 MiB, checked first).
            await rejectsWith(uploadFile(a, content), /InclusiveBetweenValidator/, 400);
            return;
        }
        await addRelationship(a, b);
        const file = await uploadFile(a, content);
        const sent = await sendMessage(a, [b], { files: [file] });
        const received = await syncUntilHasMessage(b, sent.id);
        assertSameBytes(await b.files.downloadFileContent(received.attachments[0]), content, "B's download of 10 MiB");
    });

    it("files: 8. any identity can load the metadata through a file reference; unknown ids are not found", filesOpts(), async () => {
        const [a, c] = await accounts("owner", "stranger");
        const content = CoreBuffer.fromUtf8("shared by reference");
        const file = await uploadFile(a, content);

        // A FileReference (id + metadata key) shared out of band; no relationship needed.
        const truncated = file.toFileReference(a.config.baseUrl).truncate();
        const loaded = await c.files.getOrLoadFileByReference(FileReference.from(truncated));
        assertSameFile(file, loaded, a);
        assertSameBytes(await c.files.downloadFileContent(loaded.id), content, "download by a stranger");

        // Second call is served from the local database (no request).
        const again = await c.files.getOrLoadFile(file.id, file.secretKey);
        assert.equal(again.id.toString(), file.id.toString());

        // Unknown id: GET /api/v2/Files/{id}/metadata -> 404 recordNotFound
        const unknown = CoreId.from(`FIL${"A".repeat(17)}`);
        await rejectsWith(c.files.getOrLoadFile(unknown, file.secretKey), /error\.platform\.recordNotFound/, 404);
    });

    it("files: 9. the owner deletes a file; it can no longer be loaded or downloaded", filesOpts(), async () => {
        const [a, b, c] = await accounts("owner", "peer", "late");
        const file = await uploadFile(a, CoreBuffer.fromUtf8("to be deleted"));
        const reference = file.toFileReference(a.config.baseUrl);
        const onB = await b.files.getOrLoadFileByReference(reference);

        // A: DELETE /api/v2/Files/{id}, then the local copy is removed
        await a.files.deleteFile(file);
        assert.equal(await a.files.getFile(file.id), undefined);

        // A new identity gets recordNotFound from GET /Files/{id}/metadata.
        await rejectsWith(c.files.getOrLoadFileByReference(reference), /error\.platform\.recordNotFound/, 404);
        // B still has the metadata locally, but the download fails. The client does not check the status of
        // GET /Files/{id}: the 404 JSON error body is taken as file content and fails the cipher hash check.
        await assert.rejects(b.files.downloadFileContent(onB));

        // Deleting a peer's file only removes the local copy (no request).
        await b.files.deleteFile(onB);
        assert.equal(await b.files.getFile(file.id), undefined);
    });

    it("files: 10. ownership token: validate as owner and as others; a wrong token locks the ownership", filesOpts(), async () => {
        const [a, b] = await accounts("owner", "other");
        const file = await uploadFile(a, CoreBuffer.fromUtf8("Test"));

        // POST /api/v2/Files/{id}/ValidateOwnershipToken
        assert.deepEqual(await a.files.validateFileOwnershipToken(file.id, file.ownershipToken), { isValid: true });
        assert.deepEqual(await b.files.validateFileOwnershipToken(file.id, file.ownershipToken), { isValid: true });
        // A wrong token by the owner itself does not lock.
        assert.deepEqual(await a.files.validateFileOwnershipToken(file.id, "anInvalidToken"), { isValid: false });
        assert.deepEqual(await a.files.validateFileOwnershipToken(file.id, file.ownershipToken), { isValid: true });

        // A wrong token by someone else locks the ownership; A gets FileOwnershipLocked.
        const locked = collectEvents(suite.transport, FileOwnershipLockedEvent, a);
        try {
            assert.deepEqual(await b.files.validateFileOwnershipToken(file.id, "anInvalidToken"), { isValid: false });
            const lockedFile = await syncUntilHasFile(a, file.id, { description: "FileOwnershipLocked on A" });
            assert.equal(lockedFile.ownershipIsLocked, true);
            assert.ok(locked.length >= 1, "no FileOwnershipLockedEvent on A");
            assert.equal((await a.files.getFile(file.id)).ownershipIsLocked, true);
        } finally {
            locked.unsubscribe();
        }
        // Once locked even the right token is invalid.
        assert.deepEqual(await a.files.validateFileOwnershipToken(file.id, file.ownershipToken), { isValid: false });

        // PATCH /api/v2/Files/{id}/RegenerateOwnershipToken: only the owner; unlocks and returns a new token.
        await rejectsWith(b.files.regenerateFileOwnershipToken(file.id), /error\.platform\.forbidden/, 403);
        const regenerated = await a.files.regenerateFileOwnershipToken(file.id);
        assert.equal(typeof regenerated.ownershipToken, "string");
        assert.notEqual(regenerated.ownershipToken, file.ownershipToken);
        assert.deepEqual(await b.files.validateFileOwnershipToken(file.id, regenerated.ownershipToken), { isValid: true });
        assert.deepEqual(await b.files.validateFileOwnershipToken(file.id, file.ownershipToken), { isValid: false });
    });

    it("files: 11. ownership claim with the token; the previous owner gets FileOwnershipClaimed", filesOpts(), async () => {
        const [a, b] = await accounts("owner", "claimer");
        const file = await uploadFile(a, CoreBuffer.fromUtf8("Test"));

        // The owner cannot claim its own file.
        await rejectsWith(a.files.claimFileOwnership(file.id, file.ownershipToken), /error\.platform\.validation\.file\.cannotClaimOwnershipOfOwnFile/, 400);

        // B loads the file, then PATCH /api/v2/Files/{id}/ClaimOwnership (+ GET /Files/{id}/metadata)
        await b.files.getOrLoadFile(file.id, file.secretKey);
        const claimedEvents = collectEvents(suite.transport, FileOwnershipClaimedEvent, a);
        try {
            const claimed = await b.files.claimFileOwnership(file.id, file.ownershipToken);
            assert.equal(claimed.owner.toString(), addressOf(b));
            assert.equal(claimed.isOwn, true);
            assert.equal(claimed.createdBy.toString(), addressOf(a), "createdBy stays the uploader");
            assert.equal(typeof claimed.ownershipToken, "string");
            assert.notEqual(claimed.ownershipToken, file.ownershipToken);

            // A: FileOwnershipClaimed -> GET /Files/{id}/metadata; A no longer owns it and has no token.
            const onA = await syncUntilHasFile(a, file.id, { description: "FileOwnershipClaimed on A" });
            assert.equal(onA.isOwn, false);
            assert.equal(onA.owner.toString(), addressOf(b));
            assert.equal(onA.ownershipToken, undefined);
            assert.ok(claimedEvents.length >= 1, "no FileOwnershipClaimedEvent on A");

            // The new owner's token is valid, the old one is not (validated by the new owner: no lock).
            assert.deepEqual(await b.files.validateFileOwnershipToken(file.id, claimed.ownershipToken), { isValid: true });
            assert.deepEqual(await b.files.validateFileOwnershipToken(file.id, file.ownershipToken), { isValid: false });
        } finally {
            claimedEvents.unsubscribe();
        }
    });

    it("files: 12. a claim with a wrong token is forbidden and locks the file for further claims", filesOpts(), async () => {
        const [a, b] = await accounts("owner", "claimer");
        const file = await uploadFile(a, CoreBuffer.fromUtf8("Test"));
        await b.files.getOrLoadFile(file.id, file.secretKey);

        await rejectsWith(b.files.claimFileOwnership(file.id, "anInvalidToken"), /error\.platform\.forbidden/, 403);
        const lockedFile = await syncUntilHasFile(a, file.id, { description: "FileOwnershipLocked on A" });
        assert.equal(lockedFile.ownershipIsLocked, true);
        // Locked: even the right token is refused, and validating it gives false.
        await rejectsWith(b.files.claimFileOwnership(file.id, file.ownershipToken), /error\.platform\.forbidden/, 403);
        assert.deepEqual(await a.files.validateFileOwnershipToken(file.id, file.ownershipToken), { isValid: false });
        // Regeneration unlocks (the client clears ownershipIsLocked when it stores the new token).
        const regenerated = await a.files.regenerateFileOwnershipToken(file.id);
        assert.equal(regenerated.ownershipIsLocked, undefined);
        const claimed = await b.files.claimFileOwnership(file.id, regenerated.ownershipToken);
        assert.equal(claimed.owner.toString(), addressOf(b));
    });
});
