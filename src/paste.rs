//! Bulk paste: rows copied from a spreadsheet become tasks.
//!
//! Each line is one task; cells are separated by tabs (what spreadsheets put on the
//! clipboard) or, failing that, by commas or semicolons. Columns, in order:
//! name, optimistic, most likely, pessimistic, then optionally phase, stage, role and
//! the tasks it starts after (numbers or names, as the Tasks table's "After" reads
//! them once the rows are added).
//! A header line is recognised and skipped. Every problem is reported with its line
//! number, and nothing is added unless every line is good.

use crate::model::{Phase, Stage, ThreePoint};

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

fn split_cells(line: &str) -> Vec<String> {
    let sep = if line.contains('\t') {
        '\t'
    } else if line.contains(';') {
        ';'
    } else {
        ','
    };
    line.split(sep).map(|c| c.trim().to_owned()).collect()
}

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
    match crate::format::parse_number(cell) {
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

fn is_header(cells: &[String]) -> bool {
    cells.len() >= 2
        && crate::format::parse_number(&cells[1]).is_err()
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
        let cells = split_cells(raw);
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
        // The last column takes the rest of the row: a comma-separated row splits it.
        let after = Some(cells.get(7..).unwrap_or_default().join(", "))
            .filter(|a| !a.trim().is_empty())
            .map(|a| a.chars().take(2_000).collect());
        tasks.push(PastedTask {
            name,
            effort: ThreePoint::new(o, m, p),
            phase,
            stage,
            role,
            after,
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
    fn blank_lines_are_skipped() {
        assert_eq!(parse("\n\nA, 1, 2, 3\n\n").unwrap().len(), 1);
    }
}
