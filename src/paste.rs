//! Bulk paste: rows copied from a spreadsheet become tasks.
//!
//! Each line is one task; cells are separated by tabs (what spreadsheets put on the
//! clipboard) or, failing that, by commas or semicolons. Columns, in order:
//! 1. name, optimistic, most likely, pessimistic (required);
//! 2. optionally phase, stage, role and the tasks it starts after (numbers or names,
//!    as the Tasks table's "After" reads them once the rows are added);
//! 3. optionally its progress: status (Not started, In progress or Done, or a
//!    tracker's word for them: docs/MODEL.md R161), actual effort so far, and the
//!    effort that remains as one number or three (optimistic, most likely,
//!    pessimistic). A done task needs its actual effort and has nothing remaining; it
//!    finishes on the status date. A task in progress without a remaining effort keeps
//!    its estimate as what remains, as the Tasks grid does.
//!
//! With tabs every column has its place (the status is the ninth cell). With commas or
//! semicolons the "after" list may take several cells, so it runs up to the first cell
//! from the ninth on that reads as a status, and the progress columns follow that cell.
//! A header line is recognised and skipped. Every problem is reported with its line
//! number, and nothing is added unless every line is good.

use crate::model::{Phase, Stage, TaskState, ThreePoint};

/// One pasted row, before roles are resolved to ids.
#[derive(Clone, Debug, PartialEq)]
pub struct PastedTask {
    pub name: String,
    pub effort: ThreePoint,
    pub phase: Option<Phase>,
    pub stage: Option<Stage>,
    pub role: Option<String>,
    /// The "After" cell as written.
    pub after: Option<String>,
    /// Not started unless a status was given.
    pub state: TaskState,
    pub actual: Option<f64>,
    pub remaining: Option<ThreePoint>,
    /// The line it was on (from 1).
    pub line: usize,
}

/// A line that could not be read.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct PasteError {
    pub line: usize,
    pub message: String,
}

/// Most rows accepted in one paste.
pub const MAX_ROWS: usize = 500;

/// The line's cells, and whether tabs separate them.
fn split_cells(line: &str) -> (Vec<String>, bool) {
    let sep = if line.contains('\t') {
        '\t'
    } else if line.contains(';') {
        ';'
    } else {
        ','
    };
    let cells = line.split(sep).map(|c| c.trim().to_owned()).collect();
    (cells, sep == '\t')
}

/// The column a status takes when tabs separate the cells.
const STATUS: usize = 8;

fn matches_label(cell: &str, label: &str, slug: &str) -> bool {
    let cell = cell.to_ascii_lowercase();
    !cell.is_empty()
        && (label.to_ascii_lowercase().starts_with(&cell)
            || slug.replace('_', " ").starts_with(&cell))
}

fn parse_phase(cell: &str) -> Option<Phase> {
    Phase::ALL
        .into_iter()
        .find(|p| matches_label(cell, p.label(), &format!("{p:?}").to_ascii_lowercase()))
}

fn parse_stage(cell: &str) -> Option<Stage> {
    Stage::ALL
        .into_iter()
        .find(|s| matches_label(cell, s.label(), &format!("{s:?}").to_ascii_lowercase()))
}

fn number(cell: &str, what: &str, line: usize) -> Result<f64, PasteError> {
    match crate::format::read_number(cell) {
        Ok(v) if v >= 0.0 => Ok(v),
        Ok(_) => Err(PasteError {
            line,
            message: format!("the {what} effort cannot be negative"),
        }),
        Err(_) => Err(PasteError {
            line,
            message: format!("the {what} effort “{cell}” is not a number"),
        }),
    }
}

/// The progress columns from cell `at` on: status, actual, then the remaining effort
/// as one number or three.
pub(crate) fn progress(
    cells: &[String],
    at: usize,
    line: usize,
) -> Result<(TaskState, Option<f64>, Option<ThreePoint>), PasteError> {
    let error = |message: String| PasteError { line, message };
    let given = |k: usize| cells.get(k).map(String::as_str).filter(|c| !c.is_empty());
    let state = match given(at) {
        None => TaskState::NotStarted,
        Some(c) => TaskState::from_status(c).ok_or_else(|| {
            error(format!(
                "“{c}” is not a status (Not started, In progress or Done)"
            ))
        })?,
    };
    let actual = given(at + 1)
        .map(|c| number(c, "actual", line))
        .transpose()?;
    let left: Vec<&str> = (at + 2..at + 5).filter_map(given).collect();
    let remaining = match left[..] {
        [] => None,
        [x] => Some(ThreePoint::exactly(number(x, "remaining", line)?)),
        [o, m, p] => {
            let (o, m, p) = (
                number(o, "remaining optimistic", line)?,
                number(m, "remaining most likely", line)?,
                number(p, "remaining pessimistic", line)?,
            );
            if !(o <= m && m <= p) {
                return Err(error(
                    "remaining efforts must be in order: optimistic ≤ most likely ≤ pessimistic"
                        .into(),
                ));
            }
            Some(ThreePoint::new(o, m, p))
        }
        _ => {
            return Err(error(
                "give the remaining effort as one number or three (optimistic, most likely, pessimistic)".into(),
            ))
        }
    };
    match state {
        TaskState::NotStarted if actual.is_some() || remaining.is_some() => Err(error(
            "a task not started has no actual or remaining effort: give its status".into(),
        )),
        TaskState::Done if actual.is_none() => {
            Err(error("a done task needs its actual effort".into()))
        }
        TaskState::Done if remaining.is_some() => {
            Err(error("a done task has no remaining effort".into()))
        }
        _ => Ok((state, actual, remaining)),
    }
}

fn is_header(cells: &[String]) -> bool {
    cells.len() >= 2
        && crate::format::read_number(&cells[1]).is_err()
        && cells[0].to_ascii_lowercase().contains("name")
}

/// Reads pasted rows; returns every line's problem when any line is bad.
pub fn parse(text: &str) -> Result<Vec<PastedTask>, Vec<PasteError>> {
    let mut tasks = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let (cells, tabbed) = split_cells(raw);
        if tasks.is_empty() && errors.is_empty() && is_header(&cells) {
            continue;
        }
        if cells.len() < 4 {
            errors.push(PasteError {
                line,
                message: "expected at least a name and three efforts (optimistic, most likely, pessimistic)".into(),
            });
            continue;
        }
        let name: String = cells[0].chars().take(200).collect();
        if name.is_empty() {
            errors.push(PasteError {
                line,
                message: "the task has no name".into(),
            });
            continue;
        }
        let efforts = (
            number(&cells[1], "optimistic", line),
            number(&cells[2], "most likely", line),
            number(&cells[3], "pessimistic", line),
        );
        let (o, m, p) = match efforts {
            (Ok(o), Ok(m), Ok(p)) => (o, m, p),
            (a, b, c) => {
                errors.extend([a.err(), b.err(), c.err()].into_iter().flatten());
                continue;
            }
        };
        if !(o <= m && m <= p) {
            errors.push(PasteError {
                line,
                message: "efforts must be in order: optimistic ≤ most likely ≤ pessimistic".into(),
            });
            continue;
        }
        let cell = |k: usize| cells.get(k).map(String::as_str).filter(|c| !c.is_empty());
        let phase = match cell(4) {
            Some(c) => match parse_phase(c) {
                Some(p) => Some(p),
                None => {
                    errors.push(PasteError {
                        line,
                        message: format!("“{c}” is not a phase"),
                    });
                    continue;
                }
            },
            None => None,
        };
        let stage = match cell(5) {
            Some(c) => match parse_stage(c) {
                Some(s) => Some(s),
                None => {
                    errors.push(PasteError {
                        line,
                        message: format!("“{c}” is not a stage (MVP, Growth or Maturity)"),
                    });
                    continue;
                }
            },
            None => None,
        };
        let role = cell(6).map(|r| r.chars().take(200).collect());
        // With commas the "after" list may take several cells, up to the status.
        let status_at = if tabbed {
            STATUS
        } else {
            (STATUS..cells.len())
                .find(|&k| TaskState::from_status(&cells[k]).is_some())
                .unwrap_or(cells.len())
        };
        let after = Some(cells.get(7..status_at).unwrap_or_default().join(", "))
            .filter(|a| !a.trim().is_empty())
            .map(|a| a.chars().take(2_000).collect());
        let (state, actual, remaining) = match progress(&cells, status_at, line) {
            Ok(progress) => progress,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        tasks.push(PastedTask {
            name,
            effort: ThreePoint::new(o, m, p),
            phase,
            stage,
            role,
            after,
            state,
            actual,
            remaining,
            line,
        });
    }
    if tasks.len() > MAX_ROWS {
        errors.push(PasteError {
            line: 0,
            message: format!("at most {MAX_ROWS} rows can be pasted at once"),
        });
    }
    if errors.is_empty() {
        Ok(tasks)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_rows_with_a_header_become_tasks() {
        let text = "Name\tOptimistic\tMost likely\tPessimistic\tPhase\tStage\tRole\n\
                    Clean sales data\t3\t5\t10\tData prep\tMVP\tData engineer\n\
                    Baseline model\t2\t4\t8\tmodelling\tgrowth\n";
        let tasks = parse(text).unwrap();
        assert_eq!(tasks.len(), 2);
        assert_eq!(tasks[0].name, "Clean sales data");
        assert_eq!(tasks[0].effort, ThreePoint::new(3.0, 5.0, 10.0));
        assert_eq!(tasks[0].phase, Some(Phase::DataPreparation));
        assert_eq!(tasks[0].stage, Some(Stage::Mvp));
        assert_eq!(tasks[0].role.as_deref(), Some("Data engineer"));
        assert_eq!(tasks[1].phase, Some(Phase::Modelling));
        assert_eq!(tasks[1].stage, Some(Stage::Growth));
        assert_eq!(tasks[1].role, None);
    }

    #[test]
    fn comma_and_semicolon_separated_rows_are_read_too() {
        assert_eq!(parse("A, 1, 2, 3").unwrap()[0].effort.pessimistic, 3.0);
        assert_eq!(parse("A; 1,5; 2; 3").unwrap()[0].effort.optimistic, 1.5);
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number_and_nothing_is_added() {
        let text =
            "Good, 1, 2, 3\nShort, 1\nBackwards, 5, 2, 1\nWords, a, 2, 3\nOdd, 1, 2, 3, Nowhere";
        let errors = parse(text).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        assert!(errors[3].message.contains("Nowhere"));
    }

    #[test]
    fn progress_columns_follow_the_after_list() {
        let text = "Tabbed\t1\t2\t3\t\t\t\t\tDone\t4\n\
                    Commas, 1, 2, 3, , , , 1, 2, In progress, 1, 2, 3, 5\n\
                    One left; 1; 2; 3; ; ; ; ; doing; ; 2\n\
                    Plain, 1, 2, 3, , , , 1, 2";
        let rows = parse(text).unwrap();
        assert_eq!(
            (rows[0].state, rows[0].actual),
            (TaskState::Done, Some(4.0))
        );
        assert_eq!(rows[0].after, None);
        assert_eq!(rows[1].after.as_deref(), Some("1, 2"));
        assert_eq!(rows[1].state, TaskState::InProgress);
        assert_eq!(rows[1].actual, Some(1.0));
        assert_eq!(rows[1].remaining, Some(ThreePoint::new(2.0, 3.0, 5.0)));
        assert_eq!(rows[2].actual, None);
        assert_eq!(rows[2].remaining, Some(ThreePoint::exactly(2.0)));
        assert_eq!(rows[3].state, TaskState::NotStarted);
        assert_eq!(rows[3].after.as_deref(), Some("1, 2"));
    }

    #[test]
    fn bad_progress_is_reported_with_its_line() {
        let text = "Fine\t1\t2\t3\t\t\t\t\tDone\t4\n\
                    Unknown\t1\t2\t3\t\t\t\t\tParked\n\
                    No actual\t1\t2\t3\t\t\t\t\tDone\n\
                    Two left\t1\t2\t3\t\t\t\t\tIn progress\t1\t2\t3\n\
                    Not begun\t1\t2\t3\t\t\t\t\tTo do\t1\n\
                    Backwards\t1\t2\t3\t\t\t\t\tDoing\t\t5\t4\t3\n\
                    Done left\t1\t2\t3\t\t\t\t\tDone\t2\t1\n\
                    Minus\t1\t2\t3\t\t\t\t\tDone\t-2";
        let errors = parse(text).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8]);
        for (e, says) in errors.iter().zip([
            "“Parked” is not a status",
            "needs its actual effort",
            "one number or three",
            "not started",
            "in order",
            "no remaining effort",
            "cannot be negative",
        ]) {
            assert!(e.message.contains(says), "{e}");
        }
    }

    #[test]
    fn blank_lines_are_skipped() {
        assert_eq!(parse("\n\nA, 1, 2, 3\n\n").unwrap().len(), 1);
    }
}
