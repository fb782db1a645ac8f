//! Data-driven forms: a form is a list of [`Field`] descriptors (key, label, kind, and
//! plain `fn` getters and setters), so one renderer and one edit path serve every
//! section instead of a hand-written view per control.
//!
//! * [`render_fields`] and [`render_row`] build the controls' markup as
//!   [`crate::html::Html`] (every label, value and message escaped), each control
//!   carrying `data-path`, the same field path that
//!   [`crate::model::validate`] reports errors under, so messages land beside it.
//! * [`crate::markup::edit`] applies what a person typed to a project by that path: it parses the
//!   text for the field's kind and sets the model value, or says why it cannot.
//!
//! The page inserts the markup and sends every `input` / `change` event of the form to
//! [`crate::markup::edit`]; nothing here touches the browser.

use crate::format::{grouped, parse_money, parse_number, plain};
use crate::html;
use crate::html::Html;
use crate::model::validate::FieldError;
use crate::model::Project;

/// A field's value, as read from or written to the model.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Num(f64),
    Text(String),
    Bool(bool),
}

impl Value {
    /// The number, or 0 for other kinds (setters only receive their own kind).
    pub fn num(&self) -> f64 {
        match self {
            Value::Num(v) => *v,
            _ => 0.0,
        }
    }

    /// The text, or empty for other kinds.
    pub fn text(self) -> String {
        match self {
            Value::Text(t) => t,
            _ => String::new(),
        }
    }

    /// The flag, or false for other kinds.
    pub fn flag(&self) -> bool {
        matches!(self, Value::Bool(true))
    }
}

/// Choices of a select: `(code, label)` pairs, computed from the project.
pub type Choices = fn(&Project) -> Vec<(String, String)>;

/// How a field is shown and parsed.
#[derive(Clone, Copy)]
pub enum Kind {
    /// A number typed as text (decimal comma accepted).
    Number,
    /// A number that may be left empty (none): the getter gives the text shown and the
    /// setter reads the typed text itself.
    MaybeNumber,
    /// A share 0–1 in the model, typed as a percentage 0–100.
    Percent,
    /// An amount in the project's currency, shown in groups of three and read with
    /// separators and a currency sign ([`crate::format::parse_money`]).
    Money,
    /// An amount or none (an empty box), shown like [`Kind::Money`]; the value is the
    /// text, which the setter reads itself.
    MaybeMoney,
    /// One line of text.
    Text,
    /// One line of text with suggestions from the `<datalist>` of this id.
    Suggest(&'static str),
    /// Several lines of text.
    LongText,
    /// A date, `YYYY-MM-DD` as text.
    Date,
    /// A checkbox.
    Check,
    /// A select whose option codes the setter understands.
    Choice(Choices),
}

/// One control of a form over items of type `T`.
pub struct Field<T: 'static> {
    /// Path of the field below its item, as the validator names it (`probability`,
    /// `schedule_impact.optimistic`).
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub get: fn(&T) -> Value,
    /// Sets the value; a choice setter refuses codes it does not know.
    pub set: fn(&mut T, Value) -> Result<(), &'static str>,
}

/// A field over a plain value at `$($path).+` of the item: `$kind` is the field's
/// [`Kind`], `$wrap` the [`Value`] variant and `$read` the [`Value`] method that reads
/// it back.
#[macro_export]
macro_rules! plain_field {
    ($kind:ident, $wrap:ident, $read:ident, $key:literal, $label:literal, $($f:ident).+) => {
        $crate::form::Field {
            key: $key,
            label: $label,
            kind: $crate::form::Kind::$kind,
            get: |t| $crate::form::Value::$wrap(t.$($f).+.clone()),
            set: |t, v| {
                t.$($f).+ = v.$read();
                Ok(())
            },
        }
    };
}

/// A number field over `$($path).+` of the item.
#[macro_export]
macro_rules! num_field {
    ($key:literal, $label:literal, $($f:ident).+) => {
        $crate::plain_field!(Number, Num, num, $key, $label, $($f).+)
    };
}

/// A money field over `$($path).+` of the item.
#[macro_export]
macro_rules! money_field {
    ($key:literal, $label:literal, $($f:ident).+) => {
        $crate::plain_field!(Money, Num, num, $key, $label, $($f).+)
    };
}

/// A percentage field over a 0–1 share at `$($path).+` of the item.
#[macro_export]
macro_rules! percent_field {
    ($key:literal, $label:literal, $($f:ident).+) => {
        $crate::plain_field!(Percent, Num, num, $key, $label, $($f).+)
    };
}

/// A text field (`Text` or `LongText`) over a `String` at `$($path).+` of the item.
#[macro_export]
macro_rules! text_field {
    ($key:literal, $label:literal, $kind:ident, $($f:ident).+) => {
        $crate::plain_field!($kind, Text, text, $key, $label, $($f).+)
    };
}

/// A checkbox over a `bool` at `$($path).+` of the item.
#[macro_export]
macro_rules! check_field {
    ($key:literal, $label:literal, $($f:ident).+) => {
        $crate::plain_field!(Check, Bool, flag, $key, $label, $($f).+)
    };
}

/// Settings of a simulation run: how many trials, from which seed.
pub trait Runs {
    fn trials(&mut self) -> &mut u32;
    fn seed(&mut self) -> &mut u64;
    fn read(&self) -> (u32, u64);
}

/// Implements [`Runs`] for a settings struct with `trials: u32` and `seed: u64`.
#[macro_export]
macro_rules! impl_runs {
    ($t:ty) => {
        impl $crate::form::Runs for $t {
            fn trials(&mut self) -> &mut u32 {
                &mut self.trials
            }
            fn seed(&mut self) -> &mut u64 {
                &mut self.seed
            }
            fn read(&self) -> (u32, u64) {
                (self.trials, self.seed)
            }
        }
    };
}

/// The trials field of a run's settings.
pub const fn trials_field<T: Runs>(label: &'static str) -> Field<T> {
    Field {
        key: "trials",
        label,
        kind: Kind::Number,
        get: |t| Value::Num(f64::from(t.read().0)),
        set: |t, v| {
            *t.trials() = v.num().clamp(0.0, f64::from(u32::MAX)) as u32;
            Ok(())
        },
    }
}

/// The seed field of a run's settings.
pub const fn seed_field<T: Runs>() -> Field<T> {
    Field {
        key: "seed",
        label: "Seed",
        kind: Kind::Number,
        get: |t| Value::Num(t.read().1 as f64),
        set: |t, v| {
            *t.seed() = v.num().clamp(0.0, 9.0e15) as u64;
            Ok(())
        },
    }
}

/// The element id of the control at `path` (`risks[2].probability` → `f-risks-2-probability`).
pub fn control_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_owned()
}

/// The validation message at exactly `path`, if any.
pub fn error_at<'a>(errors: &'a [FieldError], path: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.path == path)
        .map(|e| e.message.as_str())
}

/// The control for one field. `label_class` is `field__label` for a visible label or
/// `visually-hidden` for table cells; `label` is the accessible name.
fn control(
    kind: Kind,
    value: Value,
    path: &str,
    label: &str,
    label_class: &str,
    project: &Project,
    errors: &[FieldError],
) -> Html {
    let id = control_id(path);
    let error = error_at(errors, path).unwrap_or("");
    let common = html!(
        r#"id="{0}" data-path="{1}" aria-describedby="{0}-error" aria-invalid="{2}""#,
        id,
        path,
        !error.is_empty()
    );
    let wrapper = match kind {
        Kind::Check => "field field--check",
        Kind::Number | Kind::MaybeNumber | Kind::Percent | Kind::Money | Kind::MaybeMoney => {
            "field field--number"
        }
        _ => "field",
    };
    html!(
        r#"<div class="{0}"><label class="{1}" for="{2}">{3}</label>{4}<span id="{2}-error" class="field-error" role="status">{5}</span></div>"#,
        wrapper,
        label_class,
        id,
        label,
        input(kind, value, &common, project),
        error
    )
}

/// The input element of a control, with the `common` attributes of every control.
fn input(kind: Kind, value: Value, common: &Html, project: &Project) -> Html {
    match kind {
        Kind::Number | Kind::Percent => {
            let shown = match kind {
                Kind::Percent => value.num() * 100.0,
                _ => value.num(),
            };
            html!(
                r#"<input {} type="text" inputmode="decimal" autocomplete="off" value="{}">"#,
                common,
                plain(shown)
            )
        }
        Kind::Text => html!(
            r#"<input {} type="text" autocomplete="off" value="{}">"#,
            common,
            value.text()
        ),
        Kind::MaybeNumber => html!(
            r#"<input {} type="text" inputmode="decimal" autocomplete="off" value="{}">"#,
            common,
            value.text()
        ),
        Kind::Money | Kind::MaybeMoney => html!(
            r#"<span class="field__money"><input {} type="text" inputmode="decimal" autocomplete="off" value="{}"><span class="field__unit" aria-hidden="true">{}</span></span>"#,
            common,
            match kind {
                Kind::Money => grouped(value.num()),
                _ => value.text(),
            },
            project.currency
        ),
        Kind::Suggest(list) => html!(
            r#"<input {} type="text" autocomplete="off" list="{}" value="{}">"#,
            common,
            list,
            value.text()
        ),
        Kind::Date => html!(r#"<input {} type="date" value="{}">"#, common, value.text()),
        Kind::LongText => html!(
            r#"<textarea {} rows="3">{}</textarea>"#,
            common,
            value.text()
        ),
        Kind::Check if value.flag() => html!(r#"<input {} type="checkbox" checked>"#, common),
        Kind::Check => html!(r#"<input {} type="checkbox">"#, common),
        Kind::Choice(choices) => {
            let current = value.text();
            let options: Html = choices(project)
                .iter()
                .map(|(code, text)| {
                    if *code == current {
                        html!(r#"<option value="{}" selected>{}</option>"#, code, text)
                    } else {
                        html!(r#"<option value="{}">{}</option>"#, code, text)
                    }
                })
                .collect();
            html!("<select {}>{}</select>", common, options)
        }
    }
}

/// The fields of one item as labelled controls, under path `prefix` (`risks[2]`, or
/// empty for top-level project fields).
pub fn render_fields<T>(
    fields: &[Field<T>],
    item: &T,
    prefix: &str,
    project: &Project,
    errors: &[FieldError],
) -> Html {
    fields
        .iter()
        .map(|f| {
            let path = join(prefix, f.key);
            control(
                f.kind,
                (f.get)(item),
                &path,
                f.label,
                "field__label",
                project,
                errors,
            )
        })
        .collect()
}

/// The fields of one item as table cells; each control's accessible name is its label
/// with `#` replaced by `name` (e.g. "Day rate of role #" → "Day rate of role Analyst").
pub fn render_row<T>(
    fields: &[Field<T>],
    item: &T,
    prefix: &str,
    name: &str,
    project: &Project,
    errors: &[FieldError],
) -> Html {
    fields
        .iter()
        .map(|f| {
            let path = join(prefix, f.key);
            let label = f.label.replace('#', name);
            let control = control(
                f.kind,
                (f.get)(item),
                &path,
                &label,
                "visually-hidden",
                project,
                errors,
            );
            html!("<td>{}</td>", control)
        })
        .collect()
}

/// A table header row with these column titles (an empty title is read as "Actions").
pub fn header_row(titles: &[&str]) -> Html {
    let cells: Html = titles
        .iter()
        .map(|t| match *t {
            "" => html!(r#"<th scope="col"><span class="visually-hidden">Actions</span></th>"#),
            t => html!(r#"<th scope="col">{}</th>"#, t),
        })
        .collect();
    html!("<thead><tr>{}</tr></thead>", cells)
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Why an edit could not be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The text does not parse for the field (shown beside the control).
    Invalid(&'static str),
    /// No such field or item: the form and the project are out of step.
    UnknownPath,
}

/// Parses `raw` for the field's kind and sets it on `item`.
pub fn set_field<T>(
    fields: &[Field<T>],
    item: &mut T,
    key: &str,
    raw: &str,
) -> Result<(), EditError> {
    let field = fields
        .iter()
        .find(|f| f.key == key)
        .ok_or(EditError::UnknownPath)?;
    let value = match field.kind {
        Kind::Number => Value::Num(parse_number(raw).map_err(EditError::Invalid)?),
        Kind::Percent => Value::Num(parse_number(raw).map_err(EditError::Invalid)? / 100.0),
        Kind::Money => Value::Num(parse_money(raw).map_err(EditError::Invalid)?),
        Kind::Text
        | Kind::MaybeNumber
        | Kind::MaybeMoney
        | Kind::Suggest(_)
        | Kind::LongText
        | Kind::Date
        | Kind::Choice(_) => Value::Text(raw.to_owned()),
        Kind::Check => Value::Bool(raw == "true"),
    };
    (field.set)(item, value).map_err(EditError::Invalid)
}

/// The one of `all` that a [`Kind::Choice`] control's code (a position) names.
pub fn chosen<T: Copy>(v: Value, all: &[T]) -> Result<T, &'static str> {
    v.text()
        .parse::<usize>()
        .ok()
        .and_then(|i| all.get(i).copied())
        .ok_or("Choose one of the options.")
}

/// What a [`Kind::MaybeNumber`] control shows: the number, or nothing for none.
pub fn maybe_shown(x: Option<f64>) -> Value {
    Value::Text(x.map(crate::format::shortest).unwrap_or_default())
}

/// What a [`Kind::MaybeNumber`] control's text means: none when empty, else the number.
pub fn maybe_number(v: Value) -> Result<Option<f64>, &'static str> {
    match v.text().trim() {
        "" => Ok(None),
        t => parse_number(t).map(Some),
    }
}

/// Splits `list[3].rest` into `("list", 3, "rest")`.
pub fn split_indexed(path: &str) -> Option<(&str, usize, &str)> {
    let (head, rest) = path.split_once('.')?;
    let (list, index) = head.strip_suffix(']')?.split_once('[')?;
    Some((list, index.parse().ok()?, rest))
}

/// Splits `group.rest` into `("group", "rest")`.
pub fn split_group(path: &str) -> Option<(&str, &str)> {
    path.split_once('.')
}

/// Applies `raw` to the item at `index` of `items` with `fields`.
pub fn set_in<T>(
    fields: &[Field<T>],
    items: &mut [T],
    index: usize,
    key: &str,
    raw: &str,
) -> Result<(), EditError> {
    let item = items.get_mut(index).ok_or(EditError::UnknownPath)?;
    set_field(fields, item, key, raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Risk, ThreePoint};

    #[derive(Default)]
    struct Item {
        share: f64,
        amount: f64,
        name: String,
        on: bool,
        span: ThreePoint,
    }

    fn stage_choices(_: &Project) -> Vec<(String, String)> {
        vec![
            ("a".into(), "Alpha <1>".into()),
            ("b".into(), "Beta".into()),
        ]
    }

    static FIELDS: &[Field<Item>] = &[
        percent_field!("share", "Share", share),
        num_field!("amount", "Amount", amount),
        text_field!("name", "Name", Text, name),
        check_field!("on", "On", on),
        num_field!("span.optimistic", "Optimistic", span.optimistic),
        Field {
            key: "pick",
            label: "Pick",
            kind: Kind::Choice(stage_choices),
            get: |t| Value::Text(if t.on { "a".into() } else { "b".into() }),
            set: |t, v| match v.text().as_str() {
                "a" => {
                    t.on = true;
                    Ok(())
                }
                "b" => {
                    t.on = false;
                    Ok(())
                }
                _ => Err("Choose one of the options."),
            },
        },
    ];

    fn project() -> Project {
        Project::new("p", "P", Date::from_ymd(2026, 1, 5).unwrap())
    }

    #[test]
    fn edits_parse_by_kind() {
        let mut item = Item::default();
        set_field(FIELDS, &mut item, "share", "35").unwrap();
        assert!(
            (item.share - 0.35).abs() < 1e-12,
            "percent is stored as a share"
        );
        set_field(FIELDS, &mut item, "amount", "1_200,5").unwrap();
        assert_eq!(item.amount, 1200.5);
        set_field(FIELDS, &mut item, "name", "x | y").unwrap();
        assert_eq!(item.name, "x | y");
        set_field(FIELDS, &mut item, "on", "true").unwrap();
        assert!(item.on);
        set_field(FIELDS, &mut item, "span.optimistic", "4").unwrap();
        assert_eq!(item.span.optimistic, 4.0);
        set_field(FIELDS, &mut item, "pick", "b").unwrap();
        assert!(!item.on);
    }

    #[test]
    fn bad_edits_say_why_and_change_nothing() {
        let mut item = Item {
            amount: 7.0,
            ..Item::default()
        };
        assert_eq!(
            set_field(FIELDS, &mut item, "amount", "abc"),
            Err(EditError::Invalid("This is not a number."))
        );
        assert_eq!(item.amount, 7.0);
        assert_eq!(
            set_field(FIELDS, &mut item, "pick", "zzz"),
            Err(EditError::Invalid("Choose one of the options."))
        );
        assert_eq!(
            set_field(FIELDS, &mut item, "nope", "1"),
            Err(EditError::UnknownPath)
        );
        let mut items = vec![Item::default()];
        assert_eq!(
            set_in(FIELDS, &mut items, 3, "amount", "1"),
            Err(EditError::UnknownPath)
        );
    }

    #[test]
    fn markup_escapes_text_and_carries_paths_and_errors() {
        let item = Item {
            share: 0.25,
            name: r#"<b>"quoted" & more</b>"#.into(),
            on: true,
            ..Item::default()
        };
        let errors = vec![FieldError::new("risks[2].amount", "Too <big>.")];
        let html = render_fields(FIELDS, &item, "risks[2]", &project(), &errors);
        assert!(html.contains(r#"data-path="risks[2].share""#));
        assert!(html.contains(r#"value="25""#), "shares show as percentages");
        assert!(html.contains("&lt;b&gt;&quot;quoted&quot; &amp; more&lt;/b&gt;"));
        assert!(!html.contains("<b>"), "user text never becomes markup");
        assert!(html.contains(r#"id="f-risks-2-amount" data-path="risks[2].amount" aria-describedby="f-risks-2-amount-error" aria-invalid="true""#));
        assert!(html.contains("Too &lt;big&gt;."));
        assert!(html.contains(r#"<option value="a" selected>Alpha &lt;1&gt;</option>"#));
        assert!(html.contains(r#"type="checkbox" checked"#));
        assert_eq!(
            html.matches("<label").count(),
            FIELDS.len(),
            "every control is labelled"
        );
    }

    #[test]
    fn rows_name_each_control_with_its_context() {
        static ROW: &[Field<Item>] = &[num_field!("amount", "Amount of role #", amount)];
        let html = render_row(ROW, &Item::default(), "team[0]", "Analyst", &project(), &[]);
        assert!(html.contains(
            r#"<label class="visually-hidden" for="f-team-0-amount">Amount of role Analyst</label>"#
        ));
        assert_eq!(html.matches("<td>").count(), 1);
        let head = header_row(&["Amount", ""]);
        assert_eq!(head.matches("<th scope").count(), 2);
        assert!(head.contains("Actions"));
    }

    #[test]
    fn paths_split_into_list_index_and_key() {
        assert_eq!(
            split_indexed("risks[12].mitigation.cost"),
            Some(("risks", 12, "mitigation.cost"))
        );
        assert_eq!(split_indexed("value.discount_rate"), None);
        assert_eq!(split_indexed("risks[x].cost"), None);
        assert_eq!(
            split_group("value.discount_rate"),
            Some(("value", "discount_rate"))
        );
        assert_eq!(
            control_id("risks[2].cost_impact.optimistic"),
            "f-risks-2-cost-impact-optimistic"
        );
    }

    #[test]
    fn risk_fields_round_trip_through_the_macros() {
        static RISK: &[Field<Risk>] = &[num_field!(
            "cost_impact.pessimistic",
            "Worst",
            cost_impact.pessimistic
        )];
        let mut r = crate::model::templates::catalogue_risk("data-quality")
            .unwrap()
            .to_risk(1);
        set_field(RISK, &mut r, "cost_impact.pessimistic", "9000").unwrap();
        assert_eq!((RISK[0].get)(&r), Value::Num(9000.0));
    }
}
