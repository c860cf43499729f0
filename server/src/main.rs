use std::process::ExitCode;

use clap::Parser;
use gongkai_server::cli::{self, Cli, Command};
use gongkai_server::store::Store;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let store = match Store::open(&cli.db) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("gongkai-server: {}: {e}", cli.db.display());
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::Serve(args) => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
            .and_then(|runtime| runtime.block_on(cli::serve(store, *args))),
        command => {
            if let Command::Show { code }
            | Command::Start { code }
            | Command::Reply { code, .. }
            | Command::Publish { code, .. }
            | Command::Close { code } = &command
            {
                if let Err(e) = cli::check_code(code) {
                    eprintln!("gongkai-server: {e}");
                    return ExitCode::from(2);
                }
            }
            cli::staff_command(&store, command).map(|out| {
                if !out.is_empty() {
                    println!("{out}");
                }
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gongkai-server: {e}");
            ExitCode::FAILURE
        }
    }
}
