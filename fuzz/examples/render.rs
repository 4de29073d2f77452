//! `render TARGET INPUT`: writes to standard output the schedule file that a structured fuzz target's
//! input stands for (what goes into the regression folder of the plain target).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, target, input] = args.as_slice() else {
        eprintln!("usage: render import_ics_structured|import_frab_json_structured|import_frab_xml_structured|import_csv_structured INPUT");
        std::process::exit(2);
    };
    let data = match std::fs::read(input) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{input}: {e}");
            std::process::exit(1);
        }
    };
    match desk_fuzz::render(target, &data) {
        Some((plain, text)) => {
            eprintln!("(a {plain} input)");
            print!("{text}");
        }
        None => {
            eprintln!("{target} is not a structured target, or the input does not decode");
            std::process::exit(1);
        }
    }
}
