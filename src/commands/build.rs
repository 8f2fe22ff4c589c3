//! `protowright build`: compile an input and write it as a FileDescriptorSet.

use crate::{
    cli::{BuildArgs, ErrorFormat},
    compile::Keep,
    input, load,
    model::ImageOptions,
    Error, Outcome, Result,
};

pub fn run(args: BuildArgs) -> Result<Outcome> {
    if args.error_format == ErrorFormat::ConfigIgnoreYaml {
        return Err(Error::usage(
            "--error-format: config-ignore-yaml is only for lint and breaking",
        ));
    }
    // Parse -o first, so a bad output path fails before any work.
    let output = args
        .output
        .as_deref()
        .map(|o| input::parse_image_output(&o.to_string_lossy()))
        .transpose()?;
    // Building reads no source text; source info is kept once, outside the pool, and the image
    // encoder puts it back. It is kept even with --exclude-source-info: encoding reads it (the
    // source order of custom options, which `json_name`s were written).
    let keep = Keep {
        text: false,
        detach_source_info: true,
        source_info: true,
    };
    let loaded = load::load_with(&args.input, keep)?;
    if !loaded.compiled.errors.is_empty() {
        // buf prints build errors on stderr.
        super::print_findings(
            &mut std::io::stderr().lock(),
            &loaded.compiled.errors,
            args.error_format,
            &loaded,
        )?;
        return Ok(Outcome::Findings);
    }
    let filtered = match loaded.model() {
        Some(model) => crate::codegen::filter::filter(model, &args.types, &[])?,
        None => None,
    };
    let (Some(output), Some(model)) = (output, filtered.as_ref().or(loaded.model())) else {
        return Ok(Outcome::Clean);
    };
    let bytes = model.encode_image(ImageOptions {
        include_imports: !args.exclude_imports,
        include_source_info: !args.exclude_source_info,
        exclude_source_retention_options: args.exclude_source_retention_options,
    });
    input::write_image(&output.path, &bytes, output.format, output.compression)?;
    Ok(Outcome::Clean)
}
