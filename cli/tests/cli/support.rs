//! Support staff's look at a running landscape's accounts through the CLI (`identities`, `relationships`,
//! `messages`, `tiers`, `clients`) and the admin API's support routes, with data made through the
//! Consumer API.

use backbone_testkit::{Identity, onboard, relate, send_message};
use serde_json::Value;

use super::{Home, stderr, stdout};

const CLIENT: (&str, &str) = ("test", "test");
const PASSWORD: &str = "password";

/// `text` with each value replaced by its name, and every time (`2026-12-04T18:50:12Z`) by `<time>`, each
/// padded to the value's width so that tables stay aligned, so that a snapshot of it is stable.
fn redact(text: &str, values: &[(&str, &str)]) -> String {
    let padded = |name: &str, width: usize| format!("{name:<width$}");
    let mut text = values
        .iter()
        .fold(text.to_owned(), |text, (value, name)| text.replace(value, &padded(name, value.len())));
    let shape = "dddd-dd-ddTdd:dd:ddZ";
    let mut at = 0;
    while let Some(found) = text[at..].char_indices().find_map(|(offset, _)| {
        let start = at + offset;
        let candidate = text.get(start..start + shape.len())?;
        let fits = candidate.bytes().zip(shape.bytes()).all(|(byte, expected)| match expected {
            b'd' => byte.is_ascii_digit(),
            expected => byte == expected,
        });
        fits.then_some(start)
    }) {
        text.replace_range(found..found + shape.len(), &padded("<time>", shape.len()));
        at = found + shape.len();
    }
    text.lines().map(|line| line.trim_end().to_owned() + "\n").collect()
}

/// A running dev landscape in a home of its own, and an HTTP client for its Consumer API.
struct Dev {
    home: Home,
    api: String,
    http: reqwest::Client,
}

impl Dev {
    fn start() -> Self {
        let home = Home::new();
        let info = home.json(&["landscape", "up", "dev", "--listen", "127.0.0.1:0"]);
        let api = info["consumer_api_url"].as_str().unwrap().to_owned();
        Self { home, api, http: reqwest::Client::new() }
    }

    async fn identity(&self) -> Identity {
        onboard(&self.http, &self.api, CLIENT, PASSWORD).await
    }

    /// A new support-role token.
    fn support_token(&self) -> String {
        let created = self.home.json(&["token", "create", "helpdesk", "--role", "support"]);
        created["token"].as_str().unwrap().to_owned()
    }

    /// `backbone ARGS` with that token.
    fn run_with(&self, token: &str, args: &[&str]) -> std::process::Output {
        super::backbone(self.home.path())
            .args(args)
            .env("BACKBONE_TOKEN", token)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    }
}

#[tokio::test]
async fn support_finds_an_account_and_reads_its_devices_relationships_and_messages() {
    let dev = Dev::start();
    let (api, http) = (&dev.api, &dev.http);
    let alice = dev.identity().await;
    let bob = dev.identity().await;
    let relationship = relate(http, (&alice, api), (&bob, api)).await;
    let message = send_message(http, api, &bob, &alice).await;

    let token = dev.support_token();
    let as_support = |args: &[&str]| dev.run_with(&token, args);
    let json = |args: &[&str]| -> Value {
        let output = as_support(&[&["-o", "json"], args].concat());
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        serde_json::from_str(&stdout(&output)).unwrap()
    };
    let tier =
        json(&["identities", "show", &alice.address])["identity"]["tierId"].as_str().unwrap().to_owned();
    let template =
        json(&["relationships", "inspect", &relationship])[0]["templateId"].as_str().unwrap().to_owned();
    let names: [(&str, &str); 9] = [
        (&tier, "<tier>"),
        (&template, "<template>"),
        (&alice.address, "<alice>"),
        (&bob.address, "<bob>"),
        (&alice.device_id, "<alice-device>"),
        (&bob.device_id, "<bob-device>"),
        (&alice.username, "<alice-username>"),
        (&relationship, "<relationship>"),
        (&message, "<message>"),
    ];
    let text = |args: &[&str]| {
        let output = as_support(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        redact(&stdout(&output), &names)
    };

    // Found by username, device id, part of the address; the client finds both.
    let address_of = |found: &Value| -> Vec<String> {
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|identity| identity["address"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(address_of(&json(&["identities", "search", &alice.username])), [alice.address.as_str()]);
    assert_eq!(
        address_of(&json(&["identities", "search", &alice.username.to_lowercase()])),
        [alice.address.as_str()]
    );
    assert_eq!(address_of(&json(&["identities", "search", &bob.device_id])), [bob.address.as_str()]);
    let tail = &alice.address[alice.address.len() - 12..];
    assert_eq!(address_of(&json(&["identities", "search", tail])), [alice.address.as_str()]);
    assert_eq!(json(&["identities", "search", "test"]).as_array().unwrap().len(), 2);
    assert_eq!(json(&["identities", "search", "did:e:%"]).as_array().unwrap().len(), 0, "% is no wildcard");

    let shown = json(&["identities", "show", &alice.address]);
    assert_eq!(shown["identity"]["clientId"], "test");
    assert_eq!(shown["identity"]["devices"][0]["id"], alice.device_id.as_str());
    assert!(shown["identity"]["devices"][0]["lastLogin"]["time"].is_string());
    assert_eq!(shown["deletionProcesses"], serde_json::json!([]));
    insta::assert_snapshot!("support-identity-show", text(&["identities", "show", &alice.address]));

    let relationships = json(&["relationships", "list", "--participant", &alice.address]);
    let listed = &relationships[0];
    assert_eq!(
        (&listed["id"], &listed["peer"]),
        (&Value::from(relationship.clone()), &Value::from(bob.address.clone()))
    );
    assert_eq!((&listed["requestedBy"], &listed["status"]), (&Value::from("Peer"), &Value::from("Active")));
    assert!(listed["answeredAt"].is_string());
    insta::assert_snapshot!(
        "support-relationships-list",
        text(&["relationships", "list", "--participant", &bob.address])
    );
    let inspected = json(&["relationships", "inspect", &relationship]);
    let history: Vec<&str> = inspected[0]["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["reason"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["Creation", "AcceptanceOfCreation"]);
    insta::assert_snapshot!(
        "support-relationship-inspect",
        text(&["relationships", "inspect", &relationship])
    );

    let incoming = json(&["messages", "list", "--participant", &alice.address]);
    assert_eq!(incoming[0]["messageId"], message.as_str());
    assert_eq!(incoming[0]["senderAddress"], bob.address.as_str());
    assert_eq!(incoming[0]["recipients"][0]["address"], alice.address.as_str());
    assert!(incoming[0].get("body").is_none(), "metadata only");
    assert_eq!(
        json(&["messages", "list", "--participant", &alice.address, "--outgoing"]),
        serde_json::json!([])
    );
    insta::assert_snapshot!(
        "support-messages-list",
        text(&["messages", "list", "--participant", &bob.address, "--outgoing"])
    );

    insta::assert_snapshot!("support-tiers-list", text(&["tiers", "list"]));
    insta::assert_snapshot!("support-clients-list", text(&["clients", "list"]));

    // What is not there, and a landscape that does not run.
    let unknown = as_support(&["identities", "show", "did:e:localhost:dids:0000000000000000000000"]);
    assert_eq!(unknown.status.code(), Some(3), "{}", stderr(&unknown));
    assert_eq!(as_support(&["relationships", "inspect", "RELaaaaaaaaaaaaaaaaa"]).status.code(), Some(3));
    let stopped = as_support(&["identities", "search", "x", "--landscape", "stage"]);
    assert_eq!(stopped.status.code(), Some(5), "{}", stderr(&stopped));
    assert!(stderr(&stopped).contains("landscape up stage"), "{}", stderr(&stopped));

    // Who looked at which account's data is on record.
    let audit = dev.home.json(&["audit", "--limit", "500"]);
    let reads: Vec<(String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["actor"] == "helpdesk" && entry["action"] == "account.read")
        .map(|entry| {
            (
                entry["target"].as_str().unwrap().to_owned(),
                entry["detail"]["read"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for (subject, what) in
        [(&alice.address, "identity"), (&alice.address, "messages"), (&relationship, "relationship")]
    {
        assert!(
            reads.contains(&(format!("dev/{subject}"), what.to_owned())),
            "{what} of {subject} in {reads:?}"
        );
    }
}

/// The routes keep the reference Admin API's paths, parameters and envelope.
#[tokio::test]
async fn the_support_routes_answer_at_the_reference_paths_in_its_envelope() {
    let dev = Dev::start();
    let (home, http) = (&dev.home, &dev.http);
    let alice: Identity = dev.identity().await;
    let daemon = home.json(&["daemon", "status"]);
    let base = format!("{}/v1/landscapes/dev/api/v1", daemon["url"].as_str().unwrap());
    let token = std::fs::read_to_string(home.path().join("daemon/operator.token")).unwrap();
    let get = |path: String| {
        let request = http.get(format!("{base}{path}")).bearer_auth(token.trim());
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.json::<Value>().await.unwrap())
        }
    };
    let (status, identity) = get(format!("/Identities/{}", alice.address)).await;
    assert_eq!((status, &identity["result"]["address"]), (200, &Value::from(alice.address.clone())));
    let (status, page) =
        get(format!("/Relationships?participant={}&PageNumber=1&PageSize=10", alice.address)).await;
    assert_eq!(status, 200);
    assert_eq!(
        page["pagination"],
        serde_json::json!({"pageNumber": 1, "pageSize": 10, "totalPages": 0, "totalRecords": 0})
    );
    let (status, _) = get(format!("/Messages?participant={}&type=incoming", alice.address)).await;
    assert_eq!(status, 400, "type is case-sensitive, as in the reference");
    let (status, _) = get(format!("/Tokens?createdBy={}&PageSize=201", alice.address)).await;
    assert_eq!(status, 400);
    let (status, tiers) = get("/Tiers".to_owned()).await;
    assert_eq!((status, tiers["result"][0]["name"].as_str()), (200, Some("Basic")));
    let (status, _) = get("/Identities".to_owned()).await;
    assert_eq!(status, 400, "a search needs a text");
    let unauthenticated = http.get(format!("{base}/Tiers")).send().await.unwrap();
    assert_eq!(unauthenticated.status().as_u16(), 401);
    let api_key = http.get(format!("{base}/Tiers")).header("X-API-KEY", token.trim()).send().await.unwrap();
    assert_eq!(api_key.status().as_u16(), 200, "the reference tooling's header carries a token too");

    // What the console's overview shows: request counts from the Consumer API's metrics, the queue depth.
    let traffic = format!("{}/v1/landscapes/dev/traffic", daemon["url"].as_str().unwrap());
    let traffic: Value =
        http.get(traffic).bearer_auth(token.trim()).send().await.unwrap().json().await.unwrap();
    assert_eq!(traffic["instancesRead"], 1, "{traffic}");
    assert!(traffic["requests"].as_u64().unwrap() >= 3, "onboarding made requests: {traffic}");
    assert!(traffic["queueDepth"].is_u64() && traffic["serverErrors"] == 0, "{traffic}");
}

/// Support staff change nothing, each refusal audited; operators change tiers, clients and token locks.
#[tokio::test]
async fn only_operators_change_accounts_and_every_attempt_is_audited() {
    let dev = Dev::start();
    let (home, api, http) = (&dev.home, &dev.api, &dev.http);
    let alice = dev.identity().await;
    let basic = home.json(&["tiers", "list"])[0]["id"].as_str().unwrap().to_owned();

    let token = dev.support_token();
    let changes: [&[&str]; 8] = [
        &["identities", "set-tier", &alice.address, &basic, "--yes"],
        &["identities", "unlock-token", "TOKaaaaaaaaaaaaaaaaa", "--yes"],
        &["tiers", "create", "Gold"],
        &["tiers", "delete", &basic, "--yes"],
        &["clients", "create", "app"],
        &["clients", "update", "test", "--default-tier", "Basic"],
        &["clients", "change-secret", "app", "--yes"],
        &["clients", "delete", "app", "--yes"],
    ];
    for args in changes {
        let output = dev.run_with(&token, args);
        assert_eq!(output.status.code(), Some(4), "{args:?}: {}", stderr(&output));
    }
    let refused: Vec<String> = home
        .json(&["audit"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["actor"] == "helpdesk" && entry["status"] == 403)
        .map(|entry| entry["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        refused,
        [
            "account.tier",
            "account.token-unlock",
            "tier.create",
            "tier.delete",
            "client.create",
            "client.update",
            "client.secret",
            "client.delete"
        ]
    );

    // Operators: a new tier, a client that gives it to new identities, an identity moved into it.
    let gold = home.json(&["tiers", "create", "Gold"])["id"].as_str().unwrap().to_owned();
    let created = home.json(&["clients", "create", "app", "--default-tier", "Gold", "--max-identities", "5"]);
    let secret = created["clientSecret"].as_str().unwrap().to_owned();
    assert_eq!((created["defaultTier"].as_str(), secret.len()), (Some(gold.as_str()), 30));
    let bob = onboard(http, api, ("app", &secret), PASSWORD).await;
    assert_eq!(home.json(&["identities", "show", &bob.address])["identity"]["tierName"], "Gold");
    home.json(&["identities", "set-tier", &alice.address, &gold, "--yes"]);
    assert_eq!(home.json(&["identities", "show", &alice.address])["identity"]["tierId"], gold.as_str());
    let again = home.run(&["identities", "set-tier", &alice.address, &gold, "--yes"]);
    assert_eq!(again.status.code(), Some(2), "already in it: {}", stderr(&again));
    let queued = home.run(&["identities", "set-tier", &alice.address, "TIR00000000000000001", "--yes"]);
    assert_eq!(queued.status.code(), Some(2), "only deletion moves there");

    let changed = home.json(&["clients", "change-secret", "app", "--yes"]);
    let new_secret = changed["clientSecret"].as_str().unwrap();
    assert_ne!(new_secret, secret);
    backbone_testkit::login(http, api, ("app", new_secret), &bob.username, PASSWORD).await;
    assert_eq!(
        home.run(&["clients", "change-secret", "test", "--yes"]).status.code(),
        Some(2),
        "the landscape's own client"
    );
    assert_eq!(
        home.run(&["clients", "update", "app", "--default-tier", "Basic", "--max-identities", "0"])
            .status
            .code(),
        Some(2)
    );
    home.json(&["clients", "update", "app", "--default-tier", "Basic"]);

    assert_eq!(home.run(&["tiers", "delete", &gold, "--yes"]).status.code(), Some(2), "identities are in it");
    assert_eq!(home.run(&["tiers", "create", "Gold"]).status.code(), Some(5), "names are unique");
    assert_eq!(
        home.run(&["identities", "unlock-token", "TOKaaaaaaaaaaaaaaaaa", "--yes"]).status.code(),
        Some(3)
    );
    assert_eq!(home.run(&["clients", "delete", "app"]).status.code(), Some(2), "not confirmed");
    home.json(&["clients", "delete", "app", "--yes"]);
    let clients = home.json(&["clients", "list"]);
    assert_eq!(clients.as_array().unwrap().len(), 1);

    let audit = home.json(&["audit"]).to_string();
    assert!(!audit.contains(&secret) && !audit.contains(new_secret), "no client secret in the audit log");
}

/// Operators set quotas for a tier or one identity; the Consumer API enforces them; support staff may not.
#[tokio::test]
async fn operators_set_quotas_that_the_consumer_api_enforces() {
    let dev = Dev::start();
    let (home, api, http) = (&dev.home, &dev.api, &dev.http);
    let alice = dev.identity().await;
    let bob = dev.identity().await;
    relate(http, (&alice, api), (&bob, api)).await;
    let basic = home.json(&["tiers", "list"])[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(home.json(&["quotas", "metrics"]).as_array().unwrap().len(), 10);

    let token = dev.support_token();
    let as_support = |args: &[&str]| dev.run_with(&token, args).status.code();
    let add = ["quotas", "add", "NumberOfSentMessages", "1", "Day", "--identity", &alice.address];
    assert_eq!(as_support(&add), Some(4));
    assert_eq!(as_support(&["quotas", "add", "NumberOfTokens", "1", "Day", "--tier", &basic]), Some(4));
    assert_eq!(
        as_support(&["quotas", "delete", "QUOaaaaaaaaaaaaaaaaa", "--identity", &alice.address, "--yes"]),
        Some(4)
    );
    assert_eq!(as_support(&["quotas", "delete", "TQDaaaaaaaaaaaaaaaaa", "--tier", &basic, "--yes"]), Some(4));

    let quota = home.json(&add)["id"].as_str().unwrap().to_owned();
    send_message(http, api, &alice, &bob).await;
    let body = serde_json::json!({"recipients": [{"address": bob.address, "encryptedKey": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}], "body": "AQID", "attachments": []});
    let refused = http
        .post(format!("{api}/api/v2/Messages"))
        .bearer_auth(&alice.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 429, "the quota is used up");
    let shown = home.json(&["identities", "show", &alice.address]);
    let quotas = &shown["identity"]["quotas"];
    assert_eq!(
        (&quotas[0]["id"], &quotas[0]["usage"], &quotas[0]["max"]),
        (&Value::from(quota.clone()), &Value::from(1), &Value::from(1))
    );
    home.json(&["quotas", "delete", &quota, "--identity", &alice.address, "--yes"]);
    send_message(http, api, &alice, &bob).await;

    let tier_quota = home.json(&["quotas", "add", "NumberOfTokens", "5", "Month", "--tier", &basic])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tier = home.json(&["tiers", "show", &basic]);
    assert_eq!(
        (&tier["quotas"][0]["id"], &tier["quotas"][0]["metric"]["key"]),
        (&Value::from(tier_quota.clone()), &Value::from("NumberOfTokens"))
    );
    assert_eq!(home.json(&["identities", "show", &bob.address])["identity"]["quotas"][0]["source"], "Tier");
    home.json(&["quotas", "delete", &tier_quota, "--tier", &basic, "--yes"]);
    assert_eq!(home.json(&["tiers", "show", &basic])["quotas"], serde_json::json!([]));

    assert_eq!(
        home.run(&["quotas", "add", "NumberOfBananas", "1", "Day", "--tier", &basic]).status.code(),
        Some(2)
    );
    assert_eq!(
        home.run(&["quotas", "add", "NumberOfFiles", "0", "Day", "--tier", &basic]).status.code(),
        Some(2)
    );
    assert_eq!(
        home.run(&["quotas", "delete", &tier_quota, "--tier", &basic, "--yes"]).status.code(),
        Some(3)
    );
    let audited: Vec<String> = home
        .json(&["audit"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["status"] == 200)
        .map(|entry| entry["action"].as_str().unwrap().to_owned())
        .filter(|action| action.contains("quota"))
        .collect();
    assert_eq!(
        audited,
        ["account.quota-create", "account.quota-delete", "tier.quota-create", "tier.quota-delete"]
    );
}

/// Operators announce; support staff read but may not; the addressed identity's app reads it in its language.
#[tokio::test]
async fn operators_announce_and_apps_read_it_in_their_language() {
    let dev = Dev::start();
    let (home, api, http) = (&dev.home, &dev.api, &dev.http);
    let alice = dev.identity().await;
    let bob = dev.identity().await;
    let create = [
        "announcements",
        "create",
        "--title",
        "Maintenance",
        "--body",
        "Tonight",
        "--translation",
        "de",
        "Wartung",
        "Heute Nacht",
        "--severity",
        "High",
        "--recipient",
        &alice.address,
    ];
    let token = dev.support_token();
    assert_eq!(dev.run_with(&token, &create).status.code(), Some(4));
    assert_eq!(
        dev.run_with(&token, &["announcements", "delete", "ANCaaaaaaaaaaaaaaaaa", "--yes"]).status.code(),
        Some(4)
    );

    let created = home.json(&create);
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!((&created["severity"], &created["isSilent"]), (&Value::from("High"), &Value::from(false)));
    let support_list = dev.run_with(&token, &["-o", "json", "announcements", "list"]);
    let listed: Value = serde_json::from_slice(&support_list.stdout).unwrap();
    assert_eq!(listed[0]["id"], id.as_str(), "support reads them");
    let shown = home.json(&["announcements", "show", &id]);
    assert_eq!(
        shown["texts"][1],
        serde_json::json!({"language": "de", "title": "Wartung", "body": "Heute Nacht"})
    );

    let read = |who: &Identity| {
        let request = http.get(format!("{api}/api/v2/Announcements?language=de")).bearer_auth(&who.token);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap()["result"].clone() }
    };
    assert_eq!(read(&alice).await[0]["title"], "Wartung");
    assert_eq!(read(&bob).await, serde_json::json!([]), "addressed to alice only");

    let invalid = ["announcements", "create", "--title", "x", "--body", "y", "--severity", "Urgent"];
    assert_eq!(home.run(&invalid).status.code(), Some(2));
    let german_only = ["announcements", "create", "--title", "", "--body", "y"];
    assert_eq!(home.run(&german_only).status.code(), Some(2), "an English text is required");
    home.json(&["announcements", "delete", &id, "--yes"]);
    assert_eq!(read(&alice).await, serde_json::json!([]));
    assert_eq!(home.run(&["announcements", "show", &id]).status.code(), Some(3));
}
