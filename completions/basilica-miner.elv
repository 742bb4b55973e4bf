
use builtin;
use str;

set edit:completion:arg-completer[basilica-miner] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'basilica-miner'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'basilica-miner'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand demo 'Run a whole miner on this machine (sshd nodes, serve, a validator taking its bids), then clean up'
            cand init 'Create miner.toml: interactive wizard on a terminal, flags otherwise'
            cand node 'Manage the GPU nodes in miner.toml'
            cand keys 'Validator keys on the nodes, and the miner''s own node key'
            cand status 'Is the miner earning? One screen from the running daemon (no SSH): daemon, chain, validator, bid, nodes, GPU-hours offered, what needs attention first; exit 0 all well, 1 needs attention, 3 no daemon answers'
            cand health-check 'One summary of config, database, wallet, chain, the running daemon and the nodes; exit 1 on failure'
            cand service 'The operator guide''s service checks: test-ssh (nodes), test-bittensor (wallet and chain)'
            cand wallet 'Check the miner''s Bittensor wallet (hotkey, coldkey address, permissions)'
            cand register 'Register the hotkey on the subnet (burned registration) and serve the axon'
            cand serve 'Run the validator-facing gRPC daemon'
            cand bid 'Generation 2: what is advertised to the validator, and the bid''s state'
            cand probe 'Check a miner from the outside, as a validator does'
            cand config 'Check or show the configuration'
            cand database 'Inspect the daemon''s database'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;demo'= {
            cand --nodes 'Number of nodes (sshd on loopback); the last one has a broken driver. Generation 2 mixes 8x H100, 2x RTX 5090, a CPU-only host, 8x H200, 8x B200'
            cand --generation 'Protocol generation: 2, the miner bids to the validator (validators built after 2026-02-02); 1, the validator calls the miner (older validators)'
            cand --rules 'The generation-2 validator''s rules: `any` takes any category and CPU-only hosts (the fork bigailabs/cathedral 7aab4b77, 2026-04); `upstream` only A100/H100/H200/B200/B300 (one-covenant/basilica 4097ead4, 2026-04-09)'
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --keep 'Keep everything running until Ctrl-C instead of tearing down at once'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;init'= {
            cand --wallet-name 'Bittensor wallet name (folder under the wallet path)'
            cand --hotkey-name 'Hotkey name inside the wallet'
            cand --wallet-path 'Root of the Bittensor wallets [default: ~/.bittensor/wallets]'
            cand --network 'Chain to use: finney (mainnet, subnet 39), test (subnet 387) or local'
            cand --netuid 'Subnet id [default: 39 on finney, 387 on test]'
            cand --chain-endpoint 'Subtensor WebSocket endpoint [default: the network''s public endpoint]'
            cand --external-ip 'This machine''s public IP address, served on chain for validators'
            cand --grpc-port 'Port of the validator-facing gRPC service [default: 50051]'
            cand --axon-port 'Port served on chain [default: the gRPC port]'
            cand --metrics-port 'Port of the Prometheus /metrics endpoint [default: 9090]'
            cand --database 'SQLite database file [default: data/miner.db next to miner.toml]'
            cand --node-key 'The miner''s SSH key for its nodes; generated when missing [default: ~/.ssh/basilica_miner_ed25519]'
            cand --node-user 'Login for nodes given without a user [default: root]'
            cand --node 'A GPU node as user@host[:port]; repeat for several'
            cand --rate 'Hourly rate per GPU in dollars: one for all nodes, or one per --node in order'
            cand --validator-hotkey 'Give the nodes to exactly this validator hotkey (fixed assignment) instead of the highest-stake validator'
            cand --validator-endpoint 'Where to register the nodes (generation 2, the main path): the validator''s bid service as an https:// (or http://host:port) URL; without it, the assigned validator''s axon IP from the metagraph and bid_grpc_port'
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --force 'Replace an existing miner.toml (the old one is kept as miner.toml.bak)'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;node'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add GPU nodes (user@host[:port]) with their hourly rate per GPU'
            cand list 'List configured nodes with their ids'
            cand remove 'Remove nodes by id, user@host:port, host:port or host'
            cand test 'Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes'
            cand gpu 'Show the GPU inventory of nodes (nvidia-smi)'
            cand trust 'Accept a node''s new SSH host key after a reinstall'
            cand cordon 'Take nodes out of the offer for maintenance: still configured and health-checked, no new rental lands there; a running rental, its container and its validator''s key are left alone'
            cand uncordon 'Put cordoned nodes back in the offer (after their next passed full validation)'
            cand drain 'Cordon nodes, then with --wait follow their rentals until none runs ("safe to stop it"); exit 6 when --timeout passes first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;node;add'= {
            cand --rate 'Price per GPU per hour in dollars offered to validators, e.g. 2.50 (without it, the price of the node''s GPU category in [bidding.strategy.static.static_prices])'
            cand --opts 'Extra ssh options handed to validators with the connection details'
            cand --gpu-category 'GPU category declared to generation-2 validators (A100, H100, H200, B200, B300, or any other NVIDIA card as validators name it, e.g. RTX_5090); the node is only advertised while nvidia-smi agrees'
            cand --gpu-count 'GPU count declared to generation-2 validators; must equal what nvidia-smi lists'
            cand --extra-mount-path 'A second disk validators may mount into rentals: an absolute path such as /ephemeral'
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;node;list'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;node;remove'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --force 'Remove nodes even when they carry a customer''s rental (refused otherwise, exit 5): the node leaves the bid and its rental with it'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;node;test'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --full 'Also run the validators'' full validation: pull [bidding] validation_image where the node lacks it (at most [node_management] max_concurrent_pulls at once), run it with --gpus all --runtime nvidia, publish a port and fetch from it, and reach the node as validators do: fresh logins whose output must be exact, six at once then eight in turn, the login shell, the node''s firewall (slow: minutes per node on a first pull)'
            cand --pull 'With --full: pull the image even on nodes that have it, as a refresh does (each pull counts against the registry''s limit)'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;node;gpu'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;node;trust'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;node;cordon'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;node;uncordon'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;node;drain'= {
            cand --timeout 'Longest wait with --wait, e.g. 90s, 30m, 2h; then exit 6 (the nodes stay cordoned) [default: no limit]'
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --wait 'Wait until no rental runs on the nodes (exit 0), showing the rentals waited for'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;node;help'= {
            cand add 'Add GPU nodes (user@host[:port]) with their hourly rate per GPU'
            cand list 'List configured nodes with their ids'
            cand remove 'Remove nodes by id, user@host:port, host:port or host'
            cand test 'Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes'
            cand gpu 'Show the GPU inventory of nodes (nvidia-smi)'
            cand trust 'Accept a node''s new SSH host key after a reinstall'
            cand cordon 'Take nodes out of the offer for maintenance: still configured and health-checked, no new rental lands there; a running rental, its container and its validator''s key are left alone'
            cand uncordon 'Put cordoned nodes back in the offer (after their next passed full validation)'
            cand drain 'Cordon nodes, then with --wait follow their rentals until none runs ("safe to stop it"); exit 6 when --timeout passes first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;node;help;add'= {
        }
        &'basilica-miner;node;help;list'= {
        }
        &'basilica-miner;node;help;remove'= {
        }
        &'basilica-miner;node;help;test'= {
        }
        &'basilica-miner;node;help;gpu'= {
        }
        &'basilica-miner;node;help;trust'= {
        }
        &'basilica-miner;node;help;cordon'= {
        }
        &'basilica-miner;node;help;uncordon'= {
        }
        &'basilica-miner;node;help;drain'= {
        }
        &'basilica-miner;node;help;help'= {
        }
        &'basilica-miner;keys'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List validator keys on every node, and nodes missing the miner''s own key'
            cand revoke 'Remove one validator''s key (or all validator keys) from every node'
            cand rotate 'Replace the miner''s own node key everywhere without locking you out'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;keys;list'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;keys;revoke'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --all 'Remove every validator key'
            cand --force 'Remove the keys even from nodes that carry a customer''s rental (refused otherwise, exit 5): the renting validator loses its way in and records the rental as interrupted'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;keys;rotate'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;keys;help'= {
            cand list 'List validator keys on every node, and nodes missing the miner''s own key'
            cand revoke 'Remove one validator''s key (or all validator keys) from every node'
            cand rotate 'Replace the miner''s own node key everywhere without locking you out'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;keys;help;list'= {
        }
        &'basilica-miner;keys;help;revoke'= {
        }
        &'basilica-miner;keys;help;rotate'= {
        }
        &'basilica-miner;keys;help;help'= {
        }
        &'basilica-miner;status'= {
            cand --watch 'Redraw every SECS seconds (default 5) on the terminal until Ctrl-C'
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --daemon 'Only whether the daemon runs and answers its gRPC health check, in one line: exit 0, or 3 (for container and service-manager health checks)'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;health-check'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;service'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand test-ssh 'SSH to every node with the miner''s key (the SSH part of `node test`)'
            cand test-bittensor 'Wallet, chain reachability and the hotkey''s registration (as `wallet check --online`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;service;test-ssh'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;service;test-bittensor'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;service;help'= {
            cand test-ssh 'SSH to every node with the miner''s key (the SSH part of `node test`)'
            cand test-bittensor 'Wallet, chain reachability and the hotkey''s registration (as `wallet check --online`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;service;help;test-ssh'= {
        }
        &'basilica-miner;service;help;test-bittensor'= {
        }
        &'basilica-miner;service;help;help'= {
        }
        &'basilica-miner;wallet'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Load the hotkey, read the coldkey address, check file permissions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;wallet;check'= {
            cand --timeout 'Seconds each chain request may take [default: 15 with --online, else 5]'
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --online 'Also read the registration from the chain, and fail if the chain cannot be reached'
            cand --offline 'Do not contact the chain (by default it is tried briefly)'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;wallet;help'= {
            cand check 'Load the hotkey, read the coldkey address, check file permissions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;wallet;help;check'= {
        }
        &'basilica-miner;wallet;help;help'= {
        }
        &'basilica-miner;register'= {
            cand --timeout 'Seconds to wait for each chain request'
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --dry-run 'Show what would be submitted without signing anything'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;serve'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --offline 'No chain calls at all (labs, the sandbox): needs strategy = "fixed_assignment", whose hotkey then stands in for the validator-permit check'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;bid'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator'
            cand status 'Print the last bid at the validator and its heartbeat, from the daemon''s database'
            cand validators 'List the permitted validators of the configured subnet and whether each takes Basilica bids (a MinerRegistration service at its bid endpoint) and knows this hotkey, and which one the assignment picks; exit 1 when none takes bids'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;bid;show'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --full 'Run the validators'' full validation now instead of using serve''s last one'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;bid;status'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;bid;validators'= {
            cand --endpoint 'Look at this bid endpoint instead of the subnet''s validators (http://IP:PORT or https://NAME), e.g. before setting [bidding] validator_endpoint'
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;bid;help'= {
            cand show 'Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator'
            cand status 'Print the last bid at the validator and its heartbeat, from the daemon''s database'
            cand validators 'List the permitted validators of the configured subnet and whether each takes Basilica bids (a MinerRegistration service at its bid endpoint) and knows this hotkey, and which one the assignment picks; exit 1 when none takes bids'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;bid;help;show'= {
        }
        &'basilica-miner;bid;help;status'= {
        }
        &'basilica-miner;bid;help;validators'= {
        }
        &'basilica-miner;bid;help;help'= {
        }
        &'basilica-miner;probe'= {
            cand --validator-wallet 'Wallet of a validator to authenticate as (default: a throwaway key, expecting a clean refusal)'
            cand --validator-hotkey 'Hotkey name inside --validator-wallet'
            cand --validator-uri 'Validator key as a substrate URI such as //Alice (development chains and tests)'
            cand --expect-hotkey 'The hotkey the miner must answer with [default: this config''s hotkey]'
            cand --timeout 'Seconds to wait for the connection'
            cand --tls-ca 'Speak TLS, trusting this CA certificate (PEM), for a miner with tls_enabled'
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --chain 'Also check on chain (this config''s network) that the hotkey is registered and its axon is the probed endpoint'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;config'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand validate 'Check every section of miner.toml, including the files and directories it names'
            cand show 'Print the effective configuration (file + environment + defaults)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;config;validate'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --strict 'Treat warnings as errors'
            cand --no-wallet 'Do not check that the wallet and hotkey exist (a file prepared on another machine)'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;config;show'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --show-sensitive 'Show key file paths instead of masking them'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;config;help'= {
            cand validate 'Check every section of miner.toml, including the files and directories it names'
            cand show 'Print the effective configuration (file + environment + defaults)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;config;help;validate'= {
        }
        &'basilica-miner;config;help;show'= {
        }
        &'basilica-miner;config;help;help'= {
        }
        &'basilica-miner;database'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand health 'Check the database: integrity, schema version, row counts, oldest entry, size'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;database;health'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;database;help'= {
            cand health 'Check the database: integrity, schema version, row counts, oldest entry, size'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;database;help;health'= {
        }
        &'basilica-miner;database;help;help'= {
        }
        &'basilica-miner;completions'= {
            cand -c 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --config 'Path of miner.toml [env: BASILICA_MINER_CONFIG]'
            cand --log-format 'Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]'
            cand --color 'When to use colour [env: NO_COLOR disables it]'
            cand --json 'Print machine-readable JSON on stdout (stable field names, no colour)'
            cand -v 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand --verbose 'More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]'
            cand -q 'Only errors on stderr: no progress, notes or warnings'
            cand --quiet 'Only errors on stderr: no progress, notes or warnings'
            cand -y 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --yes 'Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]'
            cand --reload 'After changing miner.toml, make the running `serve` for it reload (SIGHUP)'
            cand --no-input 'Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'basilica-miner;help'= {
            cand demo 'Run a whole miner on this machine (sshd nodes, serve, a validator taking its bids), then clean up'
            cand init 'Create miner.toml: interactive wizard on a terminal, flags otherwise'
            cand node 'Manage the GPU nodes in miner.toml'
            cand keys 'Validator keys on the nodes, and the miner''s own node key'
            cand status 'Is the miner earning? One screen from the running daemon (no SSH): daemon, chain, validator, bid, nodes, GPU-hours offered, what needs attention first; exit 0 all well, 1 needs attention, 3 no daemon answers'
            cand health-check 'One summary of config, database, wallet, chain, the running daemon and the nodes; exit 1 on failure'
            cand service 'The operator guide''s service checks: test-ssh (nodes), test-bittensor (wallet and chain)'
            cand wallet 'Check the miner''s Bittensor wallet (hotkey, coldkey address, permissions)'
            cand register 'Register the hotkey on the subnet (burned registration) and serve the axon'
            cand serve 'Run the validator-facing gRPC daemon'
            cand bid 'Generation 2: what is advertised to the validator, and the bid''s state'
            cand probe 'Check a miner from the outside, as a validator does'
            cand config 'Check or show the configuration'
            cand database 'Inspect the daemon''s database'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'basilica-miner;help;demo'= {
        }
        &'basilica-miner;help;init'= {
        }
        &'basilica-miner;help;node'= {
            cand add 'Add GPU nodes (user@host[:port]) with their hourly rate per GPU'
            cand list 'List configured nodes with their ids'
            cand remove 'Remove nodes by id, user@host:port, host:port or host'
            cand test 'Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes'
            cand gpu 'Show the GPU inventory of nodes (nvidia-smi)'
            cand trust 'Accept a node''s new SSH host key after a reinstall'
            cand cordon 'Take nodes out of the offer for maintenance: still configured and health-checked, no new rental lands there; a running rental, its container and its validator''s key are left alone'
            cand uncordon 'Put cordoned nodes back in the offer (after their next passed full validation)'
            cand drain 'Cordon nodes, then with --wait follow their rentals until none runs ("safe to stop it"); exit 6 when --timeout passes first'
        }
        &'basilica-miner;help;node;add'= {
        }
        &'basilica-miner;help;node;list'= {
        }
        &'basilica-miner;help;node;remove'= {
        }
        &'basilica-miner;help;node;test'= {
        }
        &'basilica-miner;help;node;gpu'= {
        }
        &'basilica-miner;help;node;trust'= {
        }
        &'basilica-miner;help;node;cordon'= {
        }
        &'basilica-miner;help;node;uncordon'= {
        }
        &'basilica-miner;help;node;drain'= {
        }
        &'basilica-miner;help;keys'= {
            cand list 'List validator keys on every node, and nodes missing the miner''s own key'
            cand revoke 'Remove one validator''s key (or all validator keys) from every node'
            cand rotate 'Replace the miner''s own node key everywhere without locking you out'
        }
        &'basilica-miner;help;keys;list'= {
        }
        &'basilica-miner;help;keys;revoke'= {
        }
        &'basilica-miner;help;keys;rotate'= {
        }
        &'basilica-miner;help;status'= {
        }
        &'basilica-miner;help;health-check'= {
        }
        &'basilica-miner;help;service'= {
            cand test-ssh 'SSH to every node with the miner''s key (the SSH part of `node test`)'
            cand test-bittensor 'Wallet, chain reachability and the hotkey''s registration (as `wallet check --online`)'
        }
        &'basilica-miner;help;service;test-ssh'= {
        }
        &'basilica-miner;help;service;test-bittensor'= {
        }
        &'basilica-miner;help;wallet'= {
            cand check 'Load the hotkey, read the coldkey address, check file permissions'
        }
        &'basilica-miner;help;wallet;check'= {
        }
        &'basilica-miner;help;register'= {
        }
        &'basilica-miner;help;serve'= {
        }
        &'basilica-miner;help;bid'= {
            cand show 'Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator'
            cand status 'Print the last bid at the validator and its heartbeat, from the daemon''s database'
            cand validators 'List the permitted validators of the configured subnet and whether each takes Basilica bids (a MinerRegistration service at its bid endpoint) and knows this hotkey, and which one the assignment picks; exit 1 when none takes bids'
        }
        &'basilica-miner;help;bid;show'= {
        }
        &'basilica-miner;help;bid;status'= {
        }
        &'basilica-miner;help;bid;validators'= {
        }
        &'basilica-miner;help;probe'= {
        }
        &'basilica-miner;help;config'= {
            cand validate 'Check every section of miner.toml, including the files and directories it names'
            cand show 'Print the effective configuration (file + environment + defaults)'
        }
        &'basilica-miner;help;config;validate'= {
        }
        &'basilica-miner;help;config;show'= {
        }
        &'basilica-miner;help;database'= {
            cand health 'Check the database: integrity, schema version, row counts, oldest entry, size'
        }
        &'basilica-miner;help;database;health'= {
        }
        &'basilica-miner;help;completions'= {
        }
        &'basilica-miner;help;help'= {
        }
    ]
    $completions[$command]
}
