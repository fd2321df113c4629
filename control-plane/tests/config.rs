//! Configuration layering, validation and the generated example.

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
