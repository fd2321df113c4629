
use builtin;
use str;

set edit:completion:arg-completer[backbone] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'backbone'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'backbone'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand landscape 'Run landscapes: self-contained Backbone installations'
            cand service 'Run single components, for landscapes that spread them over processes'
            cand config 'Inspect the configuration'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;landscape'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand up 'Start a landscape and run it until interrupted (Ctrl-C). Its state is kept for the next start'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;landscape;up'= {
            cand --listen 'Where the landscape listens (`host:port`): the Consumer API in dev (`server.listen`), the gateway otherwise (`gateway.listen`)'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;landscape;help'= {
            cand up 'Start a landscape and run it until interrupted (Ctrl-C). Its state is kept for the next start'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;landscape;help;up'= {
        }
        &'backbone;landscape;help;help'= {
        }
        &'backbone;service'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand run 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;service;run'= {
            cand --listen 'Where the Consumer API listens (`host:port`; overrides `server.listen`), or the gateway when it runs (overrides `gateway.listen`)'
            cand --landscape 'Run as an instance of this landscape: its configuration defaults and the secrets, database and files in its state directory'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;service;help'= {
            cand run 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;service;help;run'= {
        }
        &'backbone;service;help;help'= {
        }
        &'backbone;config'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand example 'Print a commented example configuration file with every default'
            cand show 'Print the effective configuration of a landscape, secrets redacted'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;config;example'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;config;show'= {
            cand --landscape 'The landscape whose defaults apply'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;config;help'= {
            cand example 'Print a commented example configuration file with every default'
            cand show 'Print the effective configuration of a landscape, secrets redacted'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;config;help;example'= {
        }
        &'backbone;config;help;show'= {
        }
        &'backbone;config;help;help'= {
        }
        &'backbone;completions'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;help'= {
            cand landscape 'Run landscapes: self-contained Backbone installations'
            cand service 'Run single components, for landscapes that spread them over processes'
            cand config 'Inspect the configuration'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;help;landscape'= {
            cand up 'Start a landscape and run it until interrupted (Ctrl-C). Its state is kept for the next start'
        }
        &'backbone;help;landscape;up'= {
        }
        &'backbone;help;service'= {
            cand run 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
        }
        &'backbone;help;service;run'= {
        }
        &'backbone;help;config'= {
            cand example 'Print a commented example configuration file with every default'
            cand show 'Print the effective configuration of a landscape, secrets redacted'
        }
        &'backbone;help;config;example'= {
        }
        &'backbone;help;config;show'= {
        }
        &'backbone;help;completions'= {
        }
        &'backbone;help;help'= {
        }
    ]
    $completions[$command]
}
