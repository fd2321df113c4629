"use strict";

// Relationship templates, tokens and relationships against a Backbone, driven exclusively through the public API of the
// official client library @nmshd/transport (pinned to 7.0.0). The flows follow the reference suite of nmshd/runtime at
// transport 7.0.0 (commit 28aa600f): packages/transport/test/testHelpers/TestUtil.ts (addRelationship,
// sendRelationshipTemplateAndToken, fetchRelationshipTemplateFromTokenReference, terminateRelationship,
// reactivateRelationship, decomposeRelationship, syncUntil...), test/modules/relationships/*.test.ts,
// test/modules/relationshipTemplates/*.test.ts and test/modules/tokens/*.test.ts.
//
// Every test creates its own identities, so the tests are independent of each other. The client learns about the
// peer's actions only through sync runs (external events RelationshipStatusChanged, RelationshipReactivationRequested,
// RelationshipReactivationCompleted, RelationshipTemplateAllocationsExhausted), so the tests poll with syncEverything()
// until the expected change arrived (timeout BACKBONE_COMPAT_SYNC_TIMEOUT_MS, default 10 s).

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { Serializable } = require("@js-soft/ts-serval");
const { CoreDate } = require("@nmshd/core-types");
const { CoreBuffer } = require("@nmshd/crypto");
const {
    AnonymousTokenController,
    RelationshipReactivationCompletedEvent,
    RelationshipReactivationRequestedEvent,
    RelationshipStatus,
    RelationshipTemplateAllocationsExhaustedEvent,
    RelationshipTemplateReference,
    TokenContentRelationshipTemplate,
    TokenReference
} = require("@nmshd/transport");
const { useAccounts, syncUntil, syncUntilHasRelationship, collectEvents } = require("../lib/setup");

const TEST_TIMEOUT = 120_000;
const ID = (prefix) => new RegExp(`^${prefix}[A-Za-z0-9]{17}$`);
// Same tolerance as TestUtil.tempDateThreshold: server timestamps must be "now" within 30 s.
const THRESHOLD = { seconds: 30 };

describe("relationship templates, tokens and relationships via @nmshd/transport 7.0.0", { timeout: 20 * TEST_TIMEOUT }, () => {
    const suite = useAccounts();
    const accounts = (...names) => suite.accounts(...names);

    /** Expects the promise to reject with an error whose code or message matches (CoreError / RequestError of the client). */
    async function rejectsWith(promise, pattern) {
        if (typeof pattern === "function") return await assert.rejects(promise, pattern);
        await assert.rejects(promise, (e) => {
            assert.match(`${e && e.code} ${e && e.message}`, pattern);
            return true;
        });
    }

    /** Plain JSON of a content object (the client deserialises arbitrary JSON content as a JSONWrapper). */
    const json = (content) => (content && typeof content.toJSON === "function" ? content.toJSON() : content);

    const addressOf = (account) => account.identity.address.toString();
    const in5Minutes = () => CoreDate.utc().add({ minutes: 5 });

    function assertRecent(date, what) {
        assert.ok(date, `${what} missing`);
        const lower = CoreDate.utc().subtract(THRESHOLD);
        const upper = CoreDate.utc().add(THRESHOLD);
        assert.ok(date.isSameOrAfter(lower) && date.isSameOrBefore(upper), `${what} ${date.toISOString()} is not close to now`);
    }

    /** Asserts the audit log (chronological) has exactly the given [reason, createdBy account, oldStatus, newStatus] entries. */
    function assertAuditLog(relationship, expected) {
        const actual = relationship.auditLog.map((e) => [e.reason, e.createdBy.toString(), e.oldStatus, e.newStatus]);
        assert.deepEqual(
            actual,
            expected.map(([reason, by, oldStatus, newStatus]) => [reason, addressOf(by), oldStatus, newStatus]),
            "unexpected audit log"
        );
        for (const entry of relationship.auditLog) {
            assert.ok(entry.createdByDevice, "audit log entry without createdByDevice");
            assertRecent(entry.createdAt, "audit log entry createdAt");
        }
    }

    /** A (templator) creates a template; B loads it via its truncated RelationshipTemplateReference. */
    async function exchangeTemplate(templator, requestor, parameters = {}) {
        const own = await templator.relationshipTemplates.sendRelationshipTemplate({
            content: { mycontent: "template" },
            expiresAt: in5Minutes(),
            maxNumberOfAllocations: 1,
            ...parameters
        });
        const truncated = own.toRelationshipTemplateReference(templator.config.baseUrl).truncate();
        const peer = await requestor.relationshipTemplates.loadPeerRelationshipTemplateByReference(RelationshipTemplateReference.from(truncated));
        return { own, peer };
    }

    /** TestUtil.addPendingRelationship: requestor sends a request for the template, templator syncs until it sees it. */
    async function addPendingRelationship(templator, requestor) {
        const { peer: template } = await exchangeTemplate(templator, requestor);
        const sent = await requestor.relationships.sendRelationship({ template, creationContent: { mycontent: "request" } });
        assert.equal(sent.status, RelationshipStatus.Pending);
        const received = await syncUntilHasRelationship(templator, sent.id);
        assert.equal(received.status, RelationshipStatus.Pending);
        return { sent, received };
    }

    /** TestUtil.addRelationship: pending + accept by the templator + the requestor syncs until it is Active. */
    async function addRelationship(templator, requestor) {
        const { received } = await addPendingRelationship(templator, requestor);
        const accepted = await templator.relationships.accept(received.id);
        assert.equal(accepted.status, RelationshipStatus.Active);
        const peer = await syncUntilHasRelationship(requestor, received.id, RelationshipStatus.Active);
        await templator.syncDatawallet();
        return { templatorRelationship: accepted, requestorRelationship: peer, id: received.id };
    }

    /** Both sides must be able to sign/verify with the relationship secrets (proves the creation response content arrived intact). */
    async function assertRelationshipSecretsWork(a, b, id) {
        const relA = await a.relationships.getRelationship(id);
        const relB = await b.relationships.getRelationship(id);
        const data = CoreBuffer.fromUtf8("relationship secret check");
        assert.ok(await b.relationships.verify(relB, data, await a.relationships.sign(relA, data)), "peer cannot verify A's relationship signature");
        assert.ok(await a.relationships.verify(relA, data, await b.relationships.sign(relB, data)), "peer cannot verify B's relationship signature");
    }

    // ------------------------------------------------------------------------------------------------------------------
    // Relationships
    // ------------------------------------------------------------------------------------------------------------------

    it("1. template shared via token, relationship requested, accepted; both sides see it Active", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("templator", "requestor");

        // A: POST /api/v2/RelationshipTemplates
        const template = await a.relationshipTemplates.sendRelationshipTemplate({
            content: { mycontent: "template" },
            expiresAt: in5Minutes(),
            maxNumberOfAllocations: 1
        });
        assert.match(template.id.toString(), ID("RLT"));
        assert.equal(template.isOwn, true);
        assertRecent(template.createdAt, "template createdAt");

        // A: POST /api/v2/Tokens with a TokenContentRelationshipTemplate (TestUtil.sendRelationshipTemplateAndToken)
        const tokenExpiry = in5Minutes();
        const token = await a.tokens.sendToken({
            content: TokenContentRelationshipTemplate.from({ templateId: template.id, secretKey: template.secretKey }),
            expiresAt: tokenExpiry,
            ephemeral: false
        });
        assert.match(token.id.toString(), ID("TOK"));
        assertRecent(token.createdAt, "token createdAt");
        const truncatedTokenReference = token.toTokenReference(a.config.baseUrl).truncate();

        // B: GET /api/v2/Tokens/{id} (TestUtil.fetchRelationshipTemplateFromTokenReference)
        const receivedToken = await b.tokens.loadPeerTokenByReference(TokenReference.from(truncatedTokenReference), false);
        assert.equal(receivedToken.id.toString(), token.id.toString());
        assert.equal(receivedToken.isOwn, false);
        assert.ok(receivedToken.content instanceof TokenContentRelationshipTemplate, "token content is not a TokenContentRelationshipTemplate");
        assert.equal(receivedToken.content.templateId.toString(), template.id.toString());
        assert.equal(receivedToken.content.secretKey.toBase64(), template.secretKey.toBase64());
        assert.equal(receivedToken.createdBy.toString(), addressOf(a));
        assert.equal(receivedToken.createdByDevice.toString(), a.activeDevice.id.toString());
        assert.equal(receivedToken.expiresAt.toISOString(), tokenExpiry.toISOString());
        assert.equal(receivedToken.createdAt.toISOString(), token.createdAt.toISOString());
        assert.equal(receivedToken.forIdentity, undefined);

        // B: GET /api/v2/RelationshipTemplates/{id}
        const peerTemplate = await b.relationshipTemplates.loadPeerRelationshipTemplateByTokenContent(receivedToken.content);
        assert.equal(peerTemplate.id.toString(), template.id.toString());
        assert.equal(peerTemplate.isOwn, false);
        assert.equal(peerTemplate.createdBy.toString(), addressOf(a));
        assert.equal(peerTemplate.createdByDevice.toString(), a.activeDevice.id.toString());
        assert.equal(peerTemplate.createdAt.toISOString(), template.createdAt.toISOString());
        assert.equal(peerTemplate.expiresAt.toISOString(), template.expiresAt.toISOString());
        assert.equal(peerTemplate.maxNumberOfAllocations, 1);
        assert.equal(peerTemplate.forIdentity, undefined);
        assert.equal(peerTemplate.identity.address.toString(), addressOf(a));
        assert.equal(JSON.stringify(peerTemplate.content), JSON.stringify(template.content));

        // B: GET /api/v2/Relationships/CanCreate?peer=..., POST /api/v2/Relationships
        const sent = await b.relationships.sendRelationship({ template: peerTemplate, creationContent: { mycontent: "request" } });
        assert.match(sent.id.toString(), ID("REL"));
        assert.equal(sent.status, RelationshipStatus.Pending);
        assert.equal(sent.peer.address.toString(), addressOf(a));
        assert.equal(sent.templateId.toString(), template.id.toString());
        assertAuditLog(sent, [["Creation", b, undefined, "Pending"]]);

        // A: sync runs until the RelationshipStatusChanged event arrived -> GET /api/v2/Relationships/{id}
        const pending = await syncUntilHasRelationship(a, sent.id);
        assert.equal(pending.status, RelationshipStatus.Pending);
        assert.equal(pending.peer.address.toString(), addressOf(b));
        assert.equal(pending.templateId.toString(), template.id.toString());
        assert.equal(json(pending.creationContent).mycontent, "request");
        assertAuditLog(pending, [["Creation", b, undefined, "Pending"]]);

        // A: PUT /api/v2/Relationships/{id}/Accept
        const accepted = await a.relationships.accept(pending.id);
        assert.equal(accepted.status, RelationshipStatus.Active);
        assertAuditLog(accepted, [
            ["Creation", b, undefined, "Pending"],
            ["AcceptanceOfCreation", a, "Pending", "Active"]
        ]);

        // B: sync runs until the acceptance arrived
        const active = await syncUntilHasRelationship(b, sent.id, RelationshipStatus.Active);
        assertAuditLog(active, [
            ["Creation", b, undefined, "Pending"],
            ["AcceptanceOfCreation", a, "Pending", "Active"]
        ]);
        await a.syncDatawallet();

        const onA = await a.relationships.getActiveRelationshipToIdentity(b.identity.address);
        const onB = await b.relationships.getActiveRelationshipToIdentity(a.identity.address);
        assert.ok(onA && onB, "both sides must have an active relationship");
        assert.equal(onA.id.toString(), onB.id.toString());
        await assertRelationshipSecretsWork(a, b, sent.id);

        // A second request to the same peer is refused locally (relationship exists) before any HTTP call.
        await rejectsWith(b.relationships.sendRelationship({ template: peerTemplate, creationContent: { mycontent: "again" } }), /relationshipCurrentlyExists|currently exists/i);
    });

    it("2. a pending request is rejected by the templator", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("templator", "requestor");
        const { sent, received } = await addPendingRelationship(a, b);

        // Only the templator may reject (checked locally by the client before any request).
        await rejectsWith(b.relationships.reject(sent.id), /operationOnlyAllowedForPeer|only your peer/i);

        // PUT /api/v2/Relationships/{id}/Reject
        const rejected = await a.relationships.reject(received.id);
        assert.equal(rejected.status, RelationshipStatus.Rejected);
        assertAuditLog(rejected, [
            ["Creation", b, undefined, "Pending"],
            ["RejectionOfCreation", a, "Pending", "Rejected"]
        ]);

        const onB = await syncUntilHasRelationship(b, sent.id, RelationshipStatus.Rejected);
        assertAuditLog(onB, [
            ["Creation", b, undefined, "Pending"],
            ["RejectionOfCreation", a, "Pending", "Rejected"]
        ]);
    });

    it("3. a pending request is revoked by the requestor", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("templator", "requestor");
        const { sent, received } = await addPendingRelationship(a, b);

        // Only the requestor may revoke (checked locally).
        await rejectsWith(a.relationships.revoke(received.id), /operationOnlyAllowedForPeer|only your peer/i);

        // PUT /api/v2/Relationships/{id}/Revoke
        const revoked = await b.relationships.revoke(sent.id);
        assert.equal(revoked.status, RelationshipStatus.Revoked);
        assertAuditLog(revoked, [
            ["Creation", b, undefined, "Pending"],
            ["RevocationOfCreation", b, "Pending", "Revoked"]
        ]);

        const onA = await syncUntilHasRelationship(a, sent.id, RelationshipStatus.Revoked);
        assertAuditLog(onA, [
            ["Creation", b, undefined, "Pending"],
            ["RevocationOfCreation", b, "Pending", "Revoked"]
        ]);
    });

    it("4. an active relationship is terminated by A; B sees it Terminated", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("templator", "requestor");
        const { id } = await addRelationship(a, b);

        // PUT /api/v2/Relationships/{id}/Terminate
        const terminated = await a.relationships.terminate(id);
        assert.equal(terminated.status, RelationshipStatus.Terminated);
        const expected = [
            ["Creation", b, undefined, "Pending"],
            ["AcceptanceOfCreation", a, "Pending", "Active"],
            ["Termination", a, "Active", "Terminated"]
        ];
        assertAuditLog(terminated, expected);

        const onB = await syncUntilHasRelationship(b, id, RelationshipStatus.Terminated);
        assertAuditLog(onB, expected);
    });

    it("5. reactivation requested by A and accepted by B; both Active again", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("templator", "requestor");
        const { id } = await addRelationship(a, b);
        await a.relationships.terminate(id);
        await syncUntilHasRelationship(b, id, RelationshipStatus.Terminated);

        const requestedOnB = collectEvents(suite.transport, RelationshipReactivationRequestedEvent, b);
        const completedOnA = collectEvents(suite.transport, RelationshipReactivationCompletedEvent, a);
        try {
            // PUT /api/v2/Relationships/{id}/Reactivate
            const requested = await a.relationships.requestReactivation(id);
            assert.equal(requested.status, RelationshipStatus.Terminated);
            assert.equal(requested.auditLog.at(-1).reason, "ReactivationRequested");
            assert.equal(requested.auditLog.at(-1).createdBy.toString(), addressOf(a));
            assert.equal(requested.auditLog.at(-1).oldStatus, "Terminated");
            assert.equal(requested.auditLog.at(-1).newStatus, "Terminated");

            // B: external event RelationshipReactivationRequested -> GET /api/v2/Relationships/{id}
            await syncUntil(b, (acc) => acc.relationships.some((r) => r.id.equals(id) && r.auditLog.at(-1).reason === "ReactivationRequested") && requestedOnB.length > 0, {
                description: "reactivation request (RelationshipReactivationRequested) on B"
            });
            const onB = await b.relationships.getRelationship(id);
            assert.equal(onB.status, RelationshipStatus.Terminated);
            assert.equal(onB.auditLog.at(-1).createdBy.toString(), addressOf(a));

            // The requester cannot accept its own request (checked locally).
            await rejectsWith(a.relationships.acceptReactivation(id), /operationOnlyAllowedForPeer|only your peer/i);

            // PUT /api/v2/Relationships/{id}/Reactivate/Accept
            const reactivated = await b.relationships.acceptReactivation(id);
            assert.equal(reactivated.status, RelationshipStatus.Active);
            const expected = [
                ["Creation", b, undefined, "Pending"],
                ["AcceptanceOfCreation", a, "Pending", "Active"],
                ["Termination", a, "Active", "Terminated"],
                ["ReactivationRequested", a, "Terminated", "Terminated"],
                ["AcceptanceOfReactivation", b, "Terminated", "Active"]
            ];
            assertAuditLog(reactivated, expected);

            // A: external event RelationshipReactivationCompleted -> GET /api/v2/Relationships/{id}
            await syncUntil(a, (acc) => acc.relationships.some((r) => r.id.equals(id) && r.status === RelationshipStatus.Active) && completedOnA.length > 0, {
                description: "reactivation completion (RelationshipReactivationCompleted) on A"
            });
            const onA = await a.relationships.getRelationship(id);
            assertAuditLog(onA, expected);
            await assertRelationshipSecretsWork(a, b, id);
        } finally {
            requestedOnB.unsubscribe();
            completedOnA.unsubscribe();
        }
    });

    it("6. reactivation requests can be revoked by the requester and rejected by the peer", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("templator", "requestor");
        const { id } = await addRelationship(a, b);
        await b.relationships.terminate(id);
        await syncUntilHasRelationship(a, id, RelationshipStatus.Terminated);

        // A requests, then revokes its own request: PUT .../Reactivate, PUT .../Reactivate/Revoke
        await a.relationships.requestReactivation(id);
        await rejectsWith(a.relationships.requestReactivation(id), /reactivationAlreadyRequested|already requested/i);
        const revoked = await a.relationships.revokeReactivation(id);
        assert.equal(revoked.status, RelationshipStatus.Terminated);
        assert.equal(revoked.auditLog.at(-1).reason, "RevocationOfReactivation");
        await syncUntil(b, async () => (await b.relationships.getRelationship(id)).auditLog.at(-1).reason === "RevocationOfReactivation", {
            description: "RevocationOfReactivation on B"
        });

        // B requests, A rejects: PUT .../Reactivate, PUT .../Reactivate/Reject
        await b.relationships.requestReactivation(id);
        await syncUntil(a, async () => (await a.relationships.getRelationship(id)).auditLog.at(-1).reason === "ReactivationRequested", {
            description: "ReactivationRequested by B on A"
        });
        const rejected = await a.relationships.rejectReactivation(id);
        assert.equal(rejected.status, RelationshipStatus.Terminated);
        assertAuditLog(rejected, [
            ["Creation", b, undefined, "Pending"],
            ["AcceptanceOfCreation", a, "Pending", "Active"],
            ["Termination", b, "Active", "Terminated"],
            ["ReactivationRequested", a, "Terminated", "Terminated"],
            ["RevocationOfReactivation", a, "Terminated", "Terminated"],
            ["ReactivationRequested", b, "Terminated", "Terminated"],
            ["RejectionOfReactivation", a, "Terminated", "Terminated"]
        ]);
        await syncUntil(b, async () => (await b.relationships.getRelationship(id)).auditLog.at(-1).reason === "RejectionOfReactivation", {
            description: "RejectionOfReactivation on B"
        });
        assert.equal((await b.relationships.getRelationship(id)).status, RelationshipStatus.Terminated);
    });

    it("7. decomposition by both sides after termination; afterwards a new relationship is possible", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("templator", "requestor");
        const { id } = await addRelationship(a, b);
        await a.relationships.terminate(id);
        await syncUntilHasRelationship(b, id, RelationshipStatus.Terminated);

        // A: PUT /api/v2/Relationships/{id}/Decompose (TestUtil.decomposeRelationship), then local cleanup
        const relationshipOnA = await a.relationships.getRelationship(id);
        await a.relationships.decompose(id);
        await a.cleanupDataOfDecomposedRelationship(relationshipOnA);
        assert.equal(await a.relationships.getRelationship(id), undefined, "A still has the decomposed relationship");
        assert.equal(await a.relationshipTemplates.getRelationshipTemplate(relationshipOnA.templateId), undefined, "template of the decomposed relationship not cleaned up on A");

        // B: RelationshipStatusChanged -> GET /api/v2/Relationships/{id} -> DeletionProposed
        const proposed = await syncUntilHasRelationship(b, id, RelationshipStatus.DeletionProposed);
        assert.equal(proposed.auditLog.at(-1).reason, "Decomposition");
        assert.equal(proposed.auditLog.at(-1).createdBy.toString(), addressOf(a));
        assert.equal(proposed.auditLog.at(-1).oldStatus, "Terminated");
        assert.equal(proposed.auditLog.at(-1).newStatus, "DeletionProposed");

        // B decomposes as well (the second decomposition produces no external event for A)
        await b.relationships.decompose(id);
        await b.cleanupDataOfDecomposedRelationship(proposed);
        assert.equal(await b.relationships.getRelationship(id), undefined, "B still has the decomposed relationship");
        assert.equal((await b.relationships.getRelationships()).length, 0);

        // Both sides can still sync without errors and do not get the relationship back.
        await a.syncEverything();
        await b.syncEverything();
        assert.equal((await a.relationships.getRelationships()).length, 0);
        assert.equal((await b.relationships.getRelationships()).length, 0);

        // A fully decomposed relationship does not block a new one (GET /Relationships/CanCreate must say canCreate).
        const again = await addRelationship(a, b);
        assert.notEqual(again.id.toString(), id.toString());
        assert.equal(again.requestorRelationship.status, RelationshipStatus.Active);
    });

    it("8. terminate and decompose at once: the peer learns the final state (DeletionProposed) in one sync", { timeout: TEST_TIMEOUT }, async () => {
        // TerminateDecompose.test.ts of the reference suite
        const [a, b] = await accounts("templator", "requestor");
        const { id } = await addRelationship(a, b);
        await a.relationships.terminate(id);
        await a.relationships.decompose(id);

        const onB = await syncUntilHasRelationship(b, id, RelationshipStatus.DeletionProposed);
        assert.deepEqual(
            onB.auditLog.map((e) => e.reason),
            ["Creation", "AcceptanceOfCreation", "Termination", "Decomposition"]
        );
        await b.relationships.decompose(id);
        assert.equal(await b.relationships.getRelationship(id), undefined);
    });

    // ------------------------------------------------------------------------------------------------------------------
    // Templates
    // ------------------------------------------------------------------------------------------------------------------

    it("9. allocations: the creator is told when maxNumberOfAllocations is reached; further peers are refused", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b, c] = await accounts("templator", "peer1", "peer2");
        const exhausted = collectEvents(suite.transport, RelationshipTemplateAllocationsExhaustedEvent, a);
        try {
            const { own } = await exchangeTemplate(a, b, { maxNumberOfAllocations: 1 });

            // A: external event RelationshipTemplateAllocationsExhausted {relationshipTemplateId}
            await syncUntil(a, () => exhausted.some((e) => e.data.id.toString() === own.id.toString()), {
                description: "RelationshipTemplateAllocationsExhausted on A"
            });

            // B already allocated it, so B may load it again; a third identity is refused by the server.
            const reference = own.toRelationshipTemplateReference(a.config.baseUrl);
            await rejectsWith(c.relationshipTemplates.loadPeerRelationshipTemplateByReference(reference), (e) => {
                assert.match(String(e && e.code), /error\.platform\.validation\.relationshipTemplate\.maxNumberOfAllocationsExhausted/);
                return true;
            });
        } finally {
            exhausted.unsubscribe();
        }
    });

    it("10. a template without maxNumberOfAllocations can be used by several peers", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b, c] = await accounts("templator", "peer1", "peer2");
        const own = await a.relationshipTemplates.sendRelationshipTemplate({ content: { mycontent: "multi" }, expiresAt: in5Minutes() });
        const reference = own.toRelationshipTemplateReference(a.config.baseUrl);
        const onB = await b.relationshipTemplates.loadPeerRelationshipTemplateByReference(reference);
        const onC = await c.relationshipTemplates.loadPeerRelationshipTemplateByReference(reference);
        assert.equal(onB.maxNumberOfAllocations, undefined);
        assert.equal(onC.maxNumberOfAllocations, undefined);

        const relB = await b.relationships.sendRelationship({ template: onB, creationContent: { from: "b" } });
        const relC = await c.relationships.sendRelationship({ template: onC, creationContent: { from: "c" } });
        await syncUntil(a, async () => (await a.relationships.getRelationships()).length === 2, { description: "two pending relationships on A" });
        assert.equal(json((await a.relationships.getRelationship(relB.id)).creationContent).from, "b");
        assert.equal(json((await a.relationships.getRelationship(relC.id)).creationContent).from, "c");
    });

    it("11. personalized template (forIdentity): only the intended identity can load it", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b, c] = await accounts("templator", "intended", "other");
        const own = await a.relationshipTemplates.sendRelationshipTemplate({
            content: { mycontent: "personalized" },
            expiresAt: in5Minutes(),
            forIdentity: b.identity.address
        });
        const reference = own.toRelationshipTemplateReference(a.config.baseUrl);
        assert.equal(reference.forIdentityTruncated, addressOf(b).slice(-4));

        // refused locally (forIdentityTruncated in the reference)
        await rejectsWith(c.relationshipTemplates.loadPeerRelationshipTemplateByReference(reference), /notIntendedForYou/);
        // refused by the server when the client-side check is bypassed (reference without forIdentityTruncated)
        await rejectsWith(
            c.relationshipTemplates.loadPeerRelationshipTemplateByTokenContent(TokenContentRelationshipTemplate.from({ templateId: own.id, secretKey: own.secretKey })),
            /error\.platform\.recordNotFound/
        );

        const onB = await b.relationshipTemplates.loadPeerRelationshipTemplateByReference(reference);
        assert.equal(onB.forIdentity.toString(), addressOf(b));
    });

    it("12. password-protected template: wrong password refused, right password loads it, request without password works", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("templator", "requestor");
        const own = await a.relationshipTemplates.sendRelationshipTemplate({
            content: { mycontent: "protected" },
            expiresAt: in5Minutes(),
            passwordProtection: { password: "1234", passwordType: "pin4" }
        });
        assert.equal(own.passwordProtection.password, "1234");
        assert.equal(own.passwordProtection.salt.buffer.length, 16);
        const reference = RelationshipTemplateReference.from(own.toRelationshipTemplateReference(a.config.baseUrl).truncate());
        assert.equal(reference.passwordProtection.passwordType, "pin4");

        // GET /api/v2/RelationshipTemplates/{id}?password=<base64 of the password hash>
        await rejectsWith(b.relationshipTemplates.loadPeerRelationshipTemplateByReference(reference, "4321"), /error\.platform\.recordNotFound/);
        await rejectsWith(b.relationshipTemplates.loadPeerRelationshipTemplateByReference(reference), /noPasswordProvided/);
        const onB = await b.relationshipTemplates.loadPeerRelationshipTemplateByReference(reference, "1234");
        assert.equal(onB.passwordProtection.password, "1234");
        assert.equal(onB.passwordProtection.passwordType, "pin4");
        assert.equal(json(onB.content).mycontent, "protected");

        // POST /api/v2/Relationships carries no password: the server must accept it because B allocated the template.
        const sent = await b.relationships.sendRelationship({ template: onB, creationContent: { mycontent: "request" } });
        const pending = await syncUntilHasRelationship(a, sent.id);
        assert.equal(pending.status, RelationshipStatus.Pending);
    });

    it("13. deleting an own template removes it from the server", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("templator", "peer");
        const own = await a.relationshipTemplates.sendRelationshipTemplate({ content: { mycontent: "deleted" }, expiresAt: in5Minutes() });
        // DELETE /api/v2/RelationshipTemplates/{id} (expects 204 or a result)
        await a.relationshipTemplates.deleteRelationshipTemplate(own);
        assert.equal(await a.relationshipTemplates.getRelationshipTemplate(own.id), undefined);
        await rejectsWith(b.relationshipTemplates.loadPeerRelationshipTemplateByReference(own.toRelationshipTemplateReference(a.config.baseUrl)), /error\.platform\.recordNotFound/);
    });

    // ------------------------------------------------------------------------------------------------------------------
    // Tokens
    // ------------------------------------------------------------------------------------------------------------------

    it("14. authenticated token with content, loaded by another identity (full and truncated reference)", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b, c] = await accounts("creator", "loader", "other");
        const expiresAt = in5Minutes();
        const sent = await a.tokens.sendToken({ content: Serializable.fromAny({ content: "TestToken" }), expiresAt, ephemeral: false });
        assert.match(sent.id.toString(), ID("TOK"));
        assert.equal(sent.isOwn, true);
        assertRecent(sent.createdAt, "token createdAt");

        const reference = sent.toTokenReference(a.config.baseUrl);
        const received = await b.tokens.loadPeerTokenByReference(reference, false);
        assert.equal(received.id.toString(), sent.id.toString());
        assert.equal(received.isOwn, false);
        assert.equal(json(received.content).content, "TestToken");
        assert.equal(received.createdBy.toString(), addressOf(a));
        assert.equal(received.createdByDevice.toString(), a.activeDevice.id.toString());
        assert.equal(received.createdAt.toISOString(), sent.createdAt.toISOString());
        assert.equal(received.expiresAt.toISOString(), expiresAt.toISOString());
        assert.ok(await b.tokens.getToken(sent.id), "non-ephemeral token not stored");

        // ephemeral load by a third identity via the truncated reference (not stored locally)
        const ephemeral = await c.tokens.loadPeerTokenByReference(TokenReference.from(reference.truncate()), true);
        assert.equal(json(ephemeral.content).content, "TestToken");
        assert.equal(await c.tokens.getToken(sent.id), undefined);

        // DELETE /api/v2/Tokens/{id}: afterwards nobody (who did not load it before) can load it
        await a.tokens.delete(sent);
        assert.equal(await a.tokens.getToken(sent.id), undefined);
        const [d] = await accounts("late");
        await rejectsWith(d.tokens.loadPeerTokenByReference(reference, true), /error\.platform\.recordNotFound/);
    });

    it("15. personalized token (forIdentity): only the intended identity can load it", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b, c] = await accounts("creator", "intended", "other");
        const sent = await a.tokens.sendToken({
            content: Serializable.fromAny({ content: "personal" }),
            expiresAt: in5Minutes(),
            ephemeral: false,
            forIdentity: b.identity.address
        });
        const reference = sent.toTokenReference(a.config.baseUrl);
        await rejectsWith(c.tokens.loadPeerTokenByReference(reference, true), /notIntendedForYou/);
        reference.forIdentityTruncated = undefined;
        await rejectsWith(c.tokens.loadPeerTokenByReference(reference, true), /error\.platform\.recordNotFound/);
        await rejectsWith(new AnonymousTokenController(suite.transport.config).loadPeerTokenByReference(reference), /error\.platform\.recordNotFound/);

        const received = await b.tokens.loadPeerTokenByReference(reference, false);
        assert.equal(received.forIdentity.toString(), addressOf(b));
        assert.equal(json(received.content).content, "personal");
    });

    it("16. anonymous token access: load without authentication, empty token created anonymously and filled", { timeout: TEST_TIMEOUT }, async () => {
        const [a] = await accounts("creator");
        const anonymous = new AnonymousTokenController(suite.transport.config);

        // GET /api/v2/Tokens/{id} without Authorization header
        const expiresAt = in5Minutes();
        const sent = await a.tokens.sendToken({ content: Serializable.fromAny({ content: "TestToken" }), expiresAt, ephemeral: false });
        const loaded = await anonymous.loadPeerTokenByReference(sent.toTokenReference(a.config.baseUrl));
        assert.equal(json(loaded.content).content, "TestToken");
        assert.equal(loaded.createdBy.toString(), addressOf(a));
        assert.equal(loaded.createdByDevice.toString(), a.activeDevice.id.toString());
        assert.equal(loaded.expiresAt.toISOString(), expiresAt.toISOString());

        // POST /api/v2/Tokens without Authorization header and without content (empty token, password, expiry < 5 min)
        const empty = await anonymous.createEmptyToken();
        assert.match(empty.id.toString(), ID("TOK"));
        const emptyReference = empty.toTokenReference(a.config.baseUrl);
        assert.ok(emptyReference.passwordProtection.password, "the reference of an empty token carries its password");
        await rejectsWith(anonymous.loadPeerTokenByReference(emptyReference), /error\.transport\.tokens\.emptyToken/);
        assert.equal(await a.tokens.isEmptyToken(emptyReference), true);

        // POST /api/v2/Tokens/{id}/UpdateContent by an authenticated identity
        const updated = await a.tokens.updateTokenContent({
            id: emptyReference.id,
            content: Serializable.fromAny({ content: "filled" }),
            passwordProtection: emptyReference.passwordProtection,
            secretKey: emptyReference.key
        });
        assert.equal(updated.id.toString(), empty.id.toString());
        assert.equal(updated.expiresAt.toISOString(), empty.expiresAt.toISOString());
        assert.equal(await a.tokens.isEmptyToken(emptyReference), false);

        const filled = await anonymous.loadPeerTokenByReference(emptyReference);
        assert.equal(json(filled.content).content, "filled");
        assert.equal(filled.createdBy.toString(), addressOf(a), "createdBy of a filled empty token must be the identity that filled it");
        assert.equal(filled.createdByDevice.toString(), a.activeDevice.id.toString());
    });

    it("17. password-protected token: wrong password refused, right password loads it (authenticated and anonymous)", { timeout: TEST_TIMEOUT }, async () => {
        const [a, b] = await accounts("creator", "loader");
        const sent = await a.tokens.sendToken({
            content: Serializable.fromAny({ content: "secret" }),
            expiresAt: in5Minutes(),
            ephemeral: false,
            passwordProtection: { password: "password", passwordType: "pw" }
        });
        assert.equal(sent.passwordProtection.salt.buffer.length, 16);
        const reference = TokenReference.from(sent.toTokenReference(a.config.baseUrl).truncate());
        assert.equal(reference.passwordProtection.passwordType, "pw");
        assert.equal(reference.passwordProtection.password, undefined);

        // GET /api/v2/Tokens/{id}?password=<base64 of the password hash>
        await rejectsWith(b.tokens.loadPeerTokenByReference(reference, true, "wrongPassword"), /error\.platform\.recordNotFound/);
        await rejectsWith(b.tokens.loadPeerTokenByReference(reference, true), /noPasswordProvided/);
        const anonymous = new AnonymousTokenController(suite.transport.config);
        await rejectsWith(anonymous.loadPeerTokenByReference(reference, "wrongPassword"), /error\.platform\.recordNotFound/);

        const received = await b.tokens.loadPeerTokenByReference(reference, false, "password");
        assert.equal(json(received.content).content, "secret");
        assert.equal(received.passwordProtection.password, "password");
        assert.equal(received.passwordProtection.salt.toBase64URL(), sent.passwordProtection.salt.toBase64URL());
        const anonymousReceived = await anonymous.loadPeerTokenByReference(reference, "password");
        assert.equal(json(anonymousReceived.content).content, "secret");
    });

    it("18. password-protected template shared via password-protected token content", { timeout: TEST_TIMEOUT }, async () => {
        // TokenController.test.ts "password-protected TokenContentRelationshipTemplate" with a real template behind it
        const [a, b] = await accounts("templator", "requestor");
        const template = await a.relationshipTemplates.sendRelationshipTemplate({
            content: { mycontent: "via protected token" },
            expiresAt: in5Minutes(),
            maxNumberOfAllocations: 1,
            passwordProtection: { password: "pw-of-template", passwordType: "pw" }
        });
        const token = await a.tokens.sendToken({
            content: TokenContentRelationshipTemplate.from({
                templateId: template.id,
                secretKey: template.secretKey,
                passwordProtection: { passwordType: "pw", salt: template.passwordProtection.salt }
            }),
            expiresAt: in5Minutes(),
            ephemeral: false
        });
        const receivedToken = await b.tokens.loadPeerTokenByReference(TokenReference.from(token.toTokenReference(a.config.baseUrl).truncate()), false);
        assert.ok(receivedToken.content instanceof TokenContentRelationshipTemplate);
        await rejectsWith(b.relationshipTemplates.loadPeerRelationshipTemplateByTokenContent(receivedToken.content), /noPasswordProvided/);
        const onB = await b.relationshipTemplates.loadPeerRelationshipTemplateByTokenContent(receivedToken.content, "pw-of-template");
        assert.equal(json(onB.content).mycontent, "via protected token");

        const sent = await b.relationships.sendRelationship({ template: onB, creationContent: { mycontent: "request" } });
        const pending = await syncUntilHasRelationship(a, sent.id);
        const accepted = await a.relationships.accept(pending.id);
        assert.equal(accepted.status, RelationshipStatus.Active);
        await syncUntilHasRelationship(b, sent.id, RelationshipStatus.Active);
    });
});
