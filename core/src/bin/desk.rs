//! `desk`: Delegation Desk on the command line. See `desk --help` and docs/cli.md.

fn main() -> std::process::ExitCode {
    // Everything desk writes (data file, backups, settings) is private to the person.
    desk_core::data::modes::private_umask();
    let code = desk_core::cli::main_with(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::ExitCode::from(code)
}
