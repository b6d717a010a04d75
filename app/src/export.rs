//! Downloading the drawing as an SVG or PNG image: the canvas's diagram
//! layers (not the grid, handles or previews), cropped to the design, with
//! the stylesheet embedded so the file looks as it does on screen. The
//! drawing is done in the wasm module of the editor's panels.

use crate::state::{Editor, ToastKind};
use crate::tools::Tools;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_split_helpers::SplitLoaderError;
use web_sys::{
    Blob, BlobPropertyBag, CssStyleSheet, Element, HtmlAnchorElement, HtmlCanvasElement,
    HtmlImageElement, Url,
};

/// The SVG namespace.
const SVG: &str = "http://www.w3.org/2000/svg";

/// Space around the design in an exported image.
const MARGIN: f64 = 24.0;
/// Pixels per canvas unit in PNG exports, for sharp images on HiDPI screens.
const PNG_SCALE: f64 = 2.0;

/// The rules of the page's stylesheet (`/main.css`, joined from `style/`), embedded in
/// exported SVG files: read from the stylesheet the page loaded, as the
/// browser parsed it, rather than compiled into the wasm, where the file
/// weighed 60 KiB (12 KiB of the wasm's gzip size).
fn page_style(document: &web_sys::Document) -> String {
    let mut css = String::new();
    let sheets = document.style_sheets();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets.item(i).and_then(|s| s.dyn_into::<CssStyleSheet>().ok()) else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else { continue };
        for j in 0..rules.length() {
            if let Some(rule) = rules.item(j) {
                css.push_str(&rule.css_text());
                css.push('\n');
            }
        }
    }
    css
}

/// The drawing as a standalone SVG document and its size.
fn svg_document(editor: Editor, tools: Tools) -> Result<(String, f64, f64), String> {
    let canvas = tools.canvas.get_untracked().ok_or("The canvas is not shown")?;
    let extent = editor
        .design
        .with_untracked(|d| {
            d.layout.positions.values().copied().reduce(|a, b| crate::geometry::union(&a, &b))
        })
        .ok_or("The design is empty: nothing to download")?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    // One SVG of what the canvas's SVGs draw, back to front.
    let copy = document.create_element_ns(Some(SVG), "svg").map_err(js)?;
    let layers = canvas.children();
    for i in 0..layers.length() {
        let Some(layer) = layers.item(i) else { continue };
        let parts = layer.children();
        for j in 0..parts.length() {
            if let Some(part) = parts.item(j) {
                copy.append_child(&part.clone_node_with_deep(true).map_err(js)?).map_err(js)?;
            }
        }
    }
    for selector in
        [".canvas-bg", ".overlay", ".handle", "pattern", ".selection-outline", ".comment-catcher"]
    {
        let found = copy.query_selector_all(selector).map_err(js)?;
        for i in 0..found.length() {
            if let Some(node) = found.item(i)
                && let Some(parent) = node.parent_node()
            {
                let _ = parent.remove_child(&node);
            }
        }
    }
    crate::canvas::images_to_symbols(&copy).map_err(js)?;
    let viewports = copy.query_selector_all(".viewport").map_err(js)?;
    for i in 0..viewports.length() {
        if let Some(viewport) = viewports.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            viewport.remove_attribute("transform").map_err(js)?;
        }
    }
    let (x, y) = (extent.x - MARGIN, extent.y - MARGIN);
    let (w, h) = (extent.w + 2.0 * MARGIN, extent.h + 2.0 * MARGIN);
    copy.set_attribute("xmlns", SVG).map_err(js)?;
    copy.set_attribute("viewBox", &format!("{x} {y} {w} {h}")).map_err(js)?;
    copy.set_attribute("width", &w.to_string()).map_err(js)?;
    copy.set_attribute("height", &h.to_string()).map_err(js)?;
    let dark =
        document.document_element().and_then(|e| e.get_attribute("data-theme")).unwrap_or_default();
    copy.set_attribute("data-theme", &dark).map_err(js)?;
    let style = document.create_element_ns(Some(SVG), "style").map_err(js)?;
    style.set_text_content(Some(&page_style(&document)));
    let background = document.create_element_ns(Some(SVG), "rect").map_err(js)?;
    for (k, v) in [
        ("x", x.to_string()),
        ("y", y.to_string()),
        ("width", w.to_string()),
        ("height", h.to_string()),
    ] {
        background.set_attribute(k, &v).map_err(js)?;
    }
    background.set_attribute("class", "export-bg").map_err(js)?;
    copy.insert_before(&background, copy.first_child().as_ref()).map_err(js)?;
    copy.insert_before(&style, copy.first_child().as_ref()).map_err(js)?;
    let text = web_sys::XmlSerializer::new().map_err(js)?.serialize_to_string(&copy).map_err(js)?;
    Ok((text, w, h))
}

fn cast<T>(_: T) -> String {
    "unexpected kind of element".into()
}

fn js(value: JsValue) -> String {
    format!("{value:?}")
}

/// A file name for the design: its name as a lowercase slug.
pub(crate) fn file_name(editor: Editor, extension: &str) -> String {
    let name = editor.design.with_untracked(|d| d.name.clone());
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("{}.{extension}", if slug.is_empty() { "design".into() } else { slug })
}

/// Offers a blob to the user as a file.
pub(crate) fn save_blob(blob: &Blob, name: &str) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob).map_err(js)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: HtmlAnchorElement =
        document.create_element("a").map_err(js)?.dyn_into().map_err(cast)?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

fn svg_blob(text: &str) -> Result<Blob, String> {
    text_blob(text, "image/svg+xml;charset=utf-8")
}

/// A blob of text with a content type.
pub(crate) fn text_blob(text: &str, content_type: &str) -> Result<Blob, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(content_type);
    Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js)
}

fn report(editor: Editor, result: Result<(), String>) {
    if let Err(message) = result {
        editor.show_toast(format!("Download failed: {message}"), ToastKind::Error);
    }
}

/// Downloads the drawing as an SVG file.
pub fn download_svg(editor: Editor, tools: Tools) {
    in_panels(editor, svg(editor, tools));
}

/// Downloads the drawing as a PNG file, rendered from the SVG.
pub fn download_png(editor: Editor, tools: Tools) {
    in_panels(editor, png(editor, tools));
}

/// Runs a download in the wasm module of the editor's panels (see
/// `crate::lazy`; loaded by the time a person opens the menu, since the
/// editor preloads it), or says why it could not be loaded.
fn in_panels(
    editor: Editor,
    download: impl Future<Output = Result<(), SplitLoaderError>> + 'static,
) {
    leptos::task::spawn_local(async move {
        if download.await.is_err() {
            report(editor, Err(crate::lazy::NOT_LOADED.to_owned()));
        }
    });
}

#[wasm_split_helpers::wasm_split(panels, fallible)]
fn svg(editor: Editor, tools: Tools) -> Result<(), SplitLoaderError> {
    let result = svg_document(editor, tools)
        .and_then(|(text, _, _)| save_blob(&svg_blob(&text)?, &file_name(editor, "svg")));
    report(editor, result);
    Ok(())
}

#[wasm_split_helpers::wasm_split(panels, fallible)]
fn png(editor: Editor, tools: Tools) -> Result<(), SplitLoaderError> {
    let result = (|| {
        let (text, w, h) = svg_document(editor, tools)?;
        let url = Url::create_object_url_with_blob(&svg_blob(&text)?).map_err(js)?;
        let image = HtmlImageElement::new().map_err(js)?;
        let loaded = image.clone();
        let name = file_name(editor, "png");
        let onload = Closure::once_into_js(move || {
            let result = (|| {
                let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
                let canvas: HtmlCanvasElement =
                    document.create_element("canvas").map_err(js)?.dyn_into().map_err(cast)?;
                canvas.set_width((w * PNG_SCALE).ceil() as u32);
                canvas.set_height((h * PNG_SCALE).ceil() as u32);
                let context: web_sys::CanvasRenderingContext2d = canvas
                    .get_context("2d")
                    .map_err(js)?
                    .ok_or("no 2D context")?
                    .dyn_into()
                    .map_err(cast)?;
                context.scale(PNG_SCALE, PNG_SCALE).map_err(js)?;
                context.draw_image_with_html_image_element(&loaded, 0.0, 0.0).map_err(js)?;
                let _ = Url::revoke_object_url(&url);
                let on_blob = Closure::once_into_js(move |blob: JsValue| {
                    let result =
                        blob.dyn_into::<Blob>().map_err(js).and_then(|b| save_blob(&b, &name));
                    report(editor, result);
                });
                canvas.to_blob(on_blob.unchecked_ref()).map_err(js)
            })();
            report(editor, result);
        });
        image.set_onload(Some(onload.unchecked_ref()));
        image.set_src(&Url::create_object_url_with_blob(&svg_blob(&text)?).map_err(js)?);
        Ok(())
    })();
    report(editor, result);
    Ok(())
}
