//! `rungs completions SHELL` and `rungs man`: both generated from the clap
//! definitions, so they list what the binary accepts.

use std::io::Write;

use clap::CommandFactory;

/// Write the completion script of `shell` to standard output.
pub(crate) fn completions(shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut cli = crate::args::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut cli, "rungs", &mut out);
    Ok(out.flush()?)
}

/// Write the manual page to standard output: the command's name, synopsis,
/// description and options, a section per subcommand (nested ones too) with its
/// synopsis, description and options, then the examples and exit statuses.
pub(crate) fn man() -> anyhow::Result<()> {
    let mut cli = crate::args::Cli::command();
    cli.build();
    let mut page = Vec::new();
    let top = clap_mangen::Man::new(cli.clone());
    top.render_title(&mut page)?;
    top.render_name_section(&mut page)?;
    top.render_synopsis_section(&mut page)?;
    top.render_description_section(&mut page)?;
    top.render_options_section(&mut page)?;
    let mut subcommands = Vec::new();
    // `help` is clap's own: `rungs help scan` prints what the section says.
    for sub in cli.get_subcommands().filter(|c| c.get_name() != "help") {
        let nested: Vec<_> = sub
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .collect();
        if nested.is_empty() {
            subcommands.push((format!("rungs {}", sub.get_name()), sub.clone()));
        }
        for inner in nested {
            subcommands.push((
                format!("rungs {} {}", sub.get_name(), inner.get_name()),
                inner.clone(),
            ));
        }
    }
    for (name, command) in subcommands {
        let man = clap_mangen::Man::new(command.bin_name(name.clone()).display_name(name.clone()));
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)?;
        man.render_description_section(&mut section)?;
        man.render_options_section(&mut section)?;
        // The subcommand's sections become subsections of one section named for it.
        let section = String::from_utf8_lossy(&section).replace("\n.SH ", "\n.SS ");
        let section = section
            .strip_prefix(".SH ")
            .map_or(section.clone(), |rest| format!(".SS {rest}"));
        writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
        page.write_all(section.as_bytes())?;
    }
    let mut extra = Vec::new();
    top.render_extra_section(&mut extra)?;
    page.extend_from_slice(
        String::from_utf8_lossy(&extra)
            .replace(".SH EXTRA", ".SH \"EXAMPLES AND EXIT STATUS\"")
            .as_bytes(),
    );
    top.render_version_section(&mut page)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&page)?;
    Ok(out.flush()?)
}
