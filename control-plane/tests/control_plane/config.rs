//! Configuration layering, validation and the generated example; how landscapes with a vault complete the
//! configuration with its secrets, per process.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test code fails loudly")]
#![allow(clippy::result_large_err, reason = "figment::Jail's closures return figment::Error")]

use backbone_control_plane::config::{BackboneConfig, ConfigError, ConfigLoader};
use backbone_control_plane::example::example_toml;
use backbone_control_plane::landscape::Landscape;
use figment::Figment;

fn dev() -> Figment {
    Landscape::open("dev", std::path::Path::new("/unused")).unwrap().profile()
}

#[test]
fn layers_apply_in_order_defaults_profile_file_env_flags() {
    figment::Jail::expect_with(|jail| {
        jail.create_file("backbone.toml", "[server]\nlisten = \"from-file:1\"\n[api]\ndid_domain = \"file.example\"\n[log]\nfilter = \"debug\"")?;
        jail.set_env("BACKBONE_API__DID_DOMAIN", "env.example");
        jail.set_env("BACKBONE_SERVER__LISTEN", "from-env:2");
        jail.set_env("BACKBONE_HOME", "/not/a/config/key");
        let config = ConfigLoader::new(dev())
            .file(Some(std::path::Path::new("backbone.toml")))
            .unwrap()
            .env()
            .flag("server.listen", Some("from-flag:3"))
            .load()
            .unwrap();
        assert_eq!(config.server.listen, "from-flag:3");
        assert_eq!(config.api.did_domain, "env.example");
        assert_eq!(config.log.filter, "debug");
        assert_eq!(config.api.lockout.duration_seconds, 60, "from the dev profile");
        assert_eq!(config.api.lockout.max_failed_attempts, 3, "built-in default");
        assert_eq!(config.api.clients[0].client_id, "test");
        Ok(())
    });
}

#[test]
fn unknown_keys_are_rejected_with_key_and_source() {
    figment::Jail::expect_with(|jail| {
        jail.create_file("backbone.toml", "[api]\ndid_domian = \"typo.example\"")?;
        let error = ConfigLoader::new(dev())
            .file(Some(std::path::Path::new("backbone.toml")))
            .unwrap()
            .load()
            .unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, ConfigError::Invalid(_)));
        assert!(message.contains("did_domian"), "{message}");
        assert!(message.contains("backbone.toml"), "{message}");

        jail.set_env("BACKBONE_SERVER__LISTNE", "x");
        let message = ConfigLoader::new(dev()).env().load().unwrap_err().to_string();
        assert!(message.contains("listne") && message.contains("BACKBONE_"), "{message}");
        Ok(())
    });
}

#[test]
fn a_missing_file_or_another_version_is_an_error() {
    let error =
        ConfigLoader::new(dev()).file(Some(std::path::Path::new("/does/not/exist.toml"))).err().unwrap();
    assert!(error.to_string().contains("/does/not/exist.toml"));
    figment::Jail::expect_with(|jail| {
        jail.create_file("backbone.toml", "version = 2")?;
        let error = ConfigLoader::new(dev())
            .file(Some(std::path::Path::new("backbone.toml")))
            .unwrap()
            .load()
            .unwrap_err();
        assert!(matches!(error, ConfigError::Version { found: 2 }));
        Ok(())
    });
}

#[test]
fn secrets_are_redacted_in_debug_and_show() {
    figment::Jail::expect_with(|jail| {
        jail.set_env("BACKBONE_API__ACCESS_TOKENS__SIGNING_KEY", "a-very-secret-signing-key-of-some-length");
        jail.set_env("BACKBONE_DATABASE__URL", "postgres://backbone:hunter2@db/backbone");
        let config = ConfigLoader::new(dev()).env().load().unwrap();
        assert_eq!(config.api.access_tokens.signing_key.expose(), "a-very-secret-signing-key-of-some-length");
        for shown in
            [format!("{config:?}"), config.to_redacted_toml(), serde_json::to_string(&config).unwrap()]
        {
            assert!(!shown.contains("a-very-secret"), "{shown}");
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(!shown.contains("client_secret = \"test\""), "{shown}");
            assert!(shown.contains("<redacted>"), "{shown}");
        }
        Ok(())
    });
}

#[test]
fn the_example_documents_every_default_and_parses_back_to_them() {
    let example = example_toml();
    let parsed: BackboneConfig = toml::from_str(&example).unwrap();
    assert_eq!(format!("{parsed:?}"), format!("{:?}", BackboneConfig::default()));
    for section in [
        "[server]",
        "[database]",
        "[log]",
        "[api]",
        "[api.access_tokens]",
        "[api.lockout]",
        "[api.pagination]",
    ] {
        assert!(example.contains(section), "{section} is missing");
    }
    assert!(example.contains("# The domain of identity addresses"));
}

/// A stage-kind landscape running the Consumer API and the event handler in one process, with an APNs app
/// and Azure BLOB storage configured without their credentials, plus `extra` at the top of its file.
fn vault_landscape(home: &std::path::Path, extra: &str) -> Landscape {
    let dir = home.join("landscapes/pushy");
    std::fs::create_dir_all(&dir).unwrap();
    let file = format!(
        "kind = \"stage\"\nrun = \"one-process\"\nlisten = \"127.0.0.1:0\"\n{extra}\n\
         [components]\nconsumer-api = {{ replicas = 1 }}\nevent-handler = {{ replicas = 1 }}\n\n\
         [config]\napi.push.apns.apps.\"eu.enmeshed.app\" = {{ team_id = \"TEAM123456\", key_id = \"KEY1234567\" }}\n\
         blob.options.azure_storage_account_name = \"account\"\n"
    );
    std::fs::write(dir.join("landscape.toml"), file).unwrap();
    Landscape::open("pushy", home).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

#[test]
fn vault_landscapes_hand_each_process_the_secret_settings_its_components_use() {
    use backbone_control_plane::components::Component;
    use backbone_control_plane::landscape::{LandscapeError, Reader};
    use backbone_domain::Secret;
    use backbone_vault::SecretName;

    let home = tempfile::tempdir().unwrap();
    let landscape = vault_landscape(home.path(), "");
    let config = ConfigLoader::new(landscape.profile()).load().unwrap();
    let api = Reader::Process(&[Component::ConsumerApi]);
    runtime().block_on(async {
        let missing = landscape.prepare(config.clone(), api).await.unwrap_err();
        assert!(
            matches!(&missing, LandscapeError::MissingSecret(name) if name == "push-apns-eu-enmeshed-app"),
            "{missing}"
        );
        let vault = landscape.vault().unwrap();
        let put = |name: &'static str, value: &'static str| {
            let vault = &vault;
            async move { vault.put(&SecretName::new(name).unwrap(), Secret::new(value), "test").await.unwrap() }
        };
        put("push-apns-eu-enmeshed-app", "-----BEGIN PRIVATE KEY-----").await;
        put("blob-azure-storage-account-key", "a-storage-key").await;

        let prepared = landscape.prepare(config.clone(), api).await.unwrap();
        let app = &prepared.api.push.apns.apps["eu.enmeshed.app"];
        assert_eq!(app.private_key.expose(), "-----BEGIN PRIVATE KEY-----");
        assert_eq!(prepared.blob.options["azure_storage_account_key"].expose(), "a-storage-key");
        assert_eq!(prepared.blob.options["azure_storage_account_name"].expose(), "account");

        assert!(prepared.gateway.tls.key.expose().is_empty(), "the Consumer API gets no TLS key");
        put("gateway-tls-key", "-----BEGIN PRIVATE KEY-----").await;
        for reader in [Reader::Process(&[Component::Gateway]), Reader::ControlPlane] {
            let other = landscape.prepare(config.clone(), reader).await.unwrap();
            assert!(other.api.push.apns.apps["eu.enmeshed.app"].private_key.expose().is_empty(), "{reader:?}");
            assert!(!other.blob.options.contains_key("azure_storage_account_key"), "{reader:?}");
            let gateway = matches!(reader, Reader::Process(_));
            assert_eq!(!other.gateway.tls.key.expose().is_empty(), gateway, "only the gateway gets its key");
        }

        let mut plain = config.clone();
        plain.blob.options.insert("azure_storage_account_key".to_owned(), Secret::new("in-the-config"));
        let refused = landscape.prepare(plain, api).await.unwrap_err();
        assert!(matches!(refused, LandscapeError::PlainSecret("blob.options.<credential>", "stage")), "{refused}");
    });

    let restricted = vault_landscape(
        home.path(),
        "[secrets.push-apns-eu-enmeshed-app]\nread = [\"component:event-handler\"]\n",
    );
    runtime().block_on(async {
        let denied = restricted.prepare(config.clone(), api).await.unwrap_err();
        assert!(matches!(&denied, LandscapeError::Denied { component: "consumer-api", .. }), "{denied}");
        let events = Reader::Process(&[Component::EventHandler]);
        assert!(restricted.prepare(config, events).await.is_ok(), "the event handler may read it");
    });
}

#[test]
fn a_landscape_file_can_keep_its_secrets_in_azure_key_vault() {
    use backbone_control_plane::landscape::LandscapeError;
    use backbone_control_plane::spec::VaultSpec;

    let home = tempfile::tempdir().unwrap();
    let azure = |url: &str| {
        format!(
            "[vault]\nbackend = \"azure-key-vault\"\nvault_url = \"{url}\"\ncredential = \"managed_identity\"\n"
        )
    };
    let landscape = vault_landscape(home.path(), &azure("https://backbone-test.vault.azure.net/"));
    let VaultSpec::AzureKeyVault(config) = &landscape.spec.vault else {
        panic!("{:?}", landscape.spec.vault)
    };
    assert_eq!(config.vault_url, "https://backbone-test.vault.azure.net/");
    assert!(landscape.has_vault(), "a remote vault exists before the landscape first starts");
    assert!(landscape.vault().is_ok());
    assert!(!landscape.state_dir.join("vault").exists(), "no local vault is made");

    let insecure = vault_landscape(home.path(), &azure("http://backbone-test.vault.azure.net/"));
    let Err(refused) = insecure.vault() else { panic!("an http:// vault was accepted") };
    assert!(
        matches!(refused, LandscapeError::Vault(_)) && refused.to_string().contains("https://"),
        "{refused}"
    );

    let dir = home.path().join("landscapes/pushy");
    let file = std::fs::read_to_string(dir.join("landscape.toml")).unwrap();
    std::fs::write(dir.join("landscape.toml"), file.replace("azure-key-vault", "hashicorp")).unwrap();
    assert!(matches!(Landscape::open("pushy", home.path()), Err(LandscapeError::Spec(_))));
    std::fs::write(dir.join("landscape.toml"), file.replace("kind = \"stage\"", "kind = \"dev\"")).unwrap();
    let dev = Landscape::open("pushy", home.path()).unwrap_err();
    assert!(dev.to_string().contains("a dev landscape keeps its development secrets"), "{dev}");

    // The signing key, and only it, can be a key the vault holds.
    let credential = "credential = \"managed_identity\"\n";
    let held = |name: &str| {
        let file = file.replace("http://", "https://");
        file.replace(credential, &format!("{credential}keys = {{ {name} = \"EC-HSM\" }}\n"))
    };
    std::fs::write(dir.join("landscape.toml"), held("access-token-signing-key")).unwrap();
    let landscape = Landscape::open("pushy", home.path()).unwrap();
    let signing_key = backbone_vault::SecretName::new("access-token-signing-key").unwrap();
    assert!(landscape.vault().unwrap().holds_key(&signing_key));
    std::fs::write(dir.join("landscape.toml"), held("client-secret-app")).unwrap();
    let refused = Landscape::open("pushy", home.path()).unwrap_err();
    assert!(refused.to_string().contains("vault.keys.client-secret-app"), "{refused}");
}
