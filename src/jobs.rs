//! The engine's work as messages: what the page asks the Web Worker to simulate
//! (`src/bin/yardstick_worker.rs`), and the worker's queue that carries it out in
//! slices. Plain Rust, tested natively; the browser glue on each side only moves text.
//!
//! A [`Request`] names a lane (one per thing the page shows: the open project's
//! forecast, its factor impacts, the start page's cards…), a sequence number and a
//! [`Job`]. A newer request on a lane supersedes the lane's older one, even while it
//! runs: the [`Queue`] works in slices of a few milliseconds and drops a superseded job
//! at the next slice. The page also ignores any reply older than the lane's latest
//! request, so results never arrive out of order.
//!
//! A forecast answers twice when it has more than [`PREVIEW_TRIALS`] trials: first a
//! preview from its first trials, then, after the rest ran in slices of about
//! [`SLICE_WORK`] task-trials, the final forecast, which is exactly what
//! [`engine::forecast`] returns (an [`engine::ForecastRun`]). Each answers with the parts
//! drawn from that forecast ([`ForecastParts`]), not its data: like every other answer
//! the page shows, they come as finished markup, so the page's wasm holds neither the
//! results' types nor the code that draws them. Requests travel as JSON text (the page
//! writes projects as JSON anyway); replies as [postcard] bytes ([`reply_bytes`],
//! [`read_reply`]), which need far less code to read than JSON in the page's wasm.

use crate::engine::analysis::WorthRun;
use crate::engine::{self, Bridge, BridgeRun, Forecast, ForecastRun};
use crate::markup::ForecastParts;
use crate::model::validate::FieldError;
use crate::model::{Date, Project, Workspace};
use serde::{Deserialize, Serialize};

/// Trials of a forecast's preview.
pub const PREVIEW_TRIALS: u32 = 2_000;

/// Task-trials (tasks × trials) of a slice: a few milliseconds of work, so a newer
/// request waits at most that long.
const SLICE_WORK: u32 = 300_000;

/// Trials of one slice of a forecast of `tasks` tasks (at least one block).
fn slice_trials(tasks: usize) -> u32 {
    SLICE_WORK / u32::try_from(tasks.max(1)).unwrap_or(u32::MAX).max(1)
}

/// What to simulate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// The project's forecast with its own trials and seed, answered as the parts drawn
    /// from it.
    Forecast(Project),
    /// What each answered complexity factor adds, answered as the questionnaire that
    /// shows it.
    FactorImpacts(Project),
    /// What each mitigation is worth, answered as its table.
    MitigationWorth(Project),
    /// A part of a page drawn here, from simulations the page never needs itself.
    Draw(Part, Project),
    /// A template as a new project with this key, id and start date, answered as the
    /// envelope JSON of a project file ([`Answer::Text`]): the templates' text stays out
    /// of the page's wasm.
    Template(String, String, Date),
    /// The workspace's ranking, answered as the portfolio page's ranking, matrix and
    /// chart.
    Portfolio(Workspace),
    /// The plan text a share link of the project carries before compression
    /// ([`crate::share::pack`], [`Answer::Text`]).
    Pack(Project),
    /// A share link's inflated compact plan text (format 2), read and validated
    /// ([`crate::share::read_compact`]) and answered as a project file
    /// ([`Answer::Unpacked`]): the compact format's code stays out of the page's wasm.
    Unpack(String),
    /// A part of the stakeholder view drawn from the project file a share link's plan
    /// was unpacked to ([`Answer::Unpacked`]): the page keeps the file as text and reads
    /// it only to save a copy, so that opening a link runs none of the page's project
    /// reading. [`Queue::receive`] reads the file and takes the job as [`Job::Draw`]; a
    /// file that cannot be read answers [`Answer::Unpacked`] with why.
    Shared(Part, String),
    /// The P80 figures of the start page's project cards, answered one card at a time.
    Cards(Vec<Project>),
    /// The Progress section's track record, with the forecast with it when asked
    /// (docs/MODEL.md §29).
    TrackRecord(Box<crate::markup::progress::Tracked>),
    /// A section's action carried out here, so that its code stays out of the page's
    /// wasm: the action's name and argument, on the project as it is (see [`act`]).
    Act(Project, String, String),
    /// The files the Export section offers ([`crate::files::exports`]), from the
    /// project's forecast, answered as [`Answer::Files`]: their writers stay out of
    /// the page's wasm.
    Files(Project),
    /// Runs the engine once without answering, so that its code is compiled by the
    /// browser's optimising tier before the first real forecast.
    WarmUp,
}

impl Job {
    /// Lower goes first: a share link's text (no simulation) before the forecast, the
    /// forecast before analyses, analyses before the cards.
    fn priority(&self) -> u8 {
        match self {
            Job::Pack(_) | Job::Unpack(_) | Job::Shared(..) => 0,
            Job::Forecast(_) | Job::Template(..) | Job::Act(..) => 1,
            // Parts drawn from one forecast (or none) before analyses of many runs.
            Job::Draw(
                Part::Document | Part::Joint | Part::Sizing | Part::Experiment | Part::Progress,
                _,
            ) => 2,
            Job::FactorImpacts(_)
            | Job::MitigationWorth(_)
            | Job::Draw(Part::Bridge | Part::SharedBridge | Part::Markdown | Part::Scenarios, _)
            | Job::Files(_)
            | Job::TrackRecord(_)
            | Job::Portfolio(_) => 3,
            Job::Cards(_) => 4,
            Job::WarmUp => 5,
        }
    }
}

/// Parts of a page drawn in the worker: their data and their drawing code stay out of
/// the page's wasm, which only inserts the markup ([`Answer::Html`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The Overview's bridge from the plan to the confidence level, step by step (one
    /// simulation a slice).
    Bridge,
    /// The Forecast section's joint confidence of date and budget (from the forecast,
    /// which the forecast lane has usually just run for the same project).
    Joint,
    /// The bridge as the stakeholder view shows it: as [`Part::Bridge`], its steps
    /// naming the sections that set them without linking to them (the viewer does not
    /// hold the project).
    SharedBridge,
    /// The Requirements & plan section's serving sizing and the work it implies.
    Sizing,
    /// The plan document as HTML (the Export preview, the stakeholder view): its text
    /// at once when the forecast is not at hand (a reply that is not the last), then
    /// with its numbers.
    Document,
    /// The plan document as Markdown, with the bridge from the plan to the confidence
    /// level before its method ([`Answer::Text`]).
    Markdown,
    /// The Requirements & plan section's A/B test, canary and monitoring as tasks.
    Experiment,
    /// The Progress section's drift since the baseline and burn-up (from the forecast).
    Progress,
    /// The Scenarios section's comparison of the plan and its scenarios (one forecast
    /// each).
    Scenarios,
}

/// The result of a validated computation, or the problems that stopped it.
pub type Checked<T> = Result<T, Vec<FieldError>>;

/// A project card's figures: its P80 finish date and P80 cost, or `None` when the
/// project cannot be forecast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: String,
    /// The project's `updated_at` when it was forecast.
    pub updated_at: f64,
    pub p80: Option<(Date, f64)>,
}

/// What a job computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The parts drawn from a forecast, or the problems that stopped it.
    Forecast(Checked<Box<ForecastParts>>),
    Cards(Vec<Card>),
    /// A drawn part's markup, built by [`crate::markup`] like the page's own.
    Html(String),
    /// A drawn part's Markdown, a template's project file or a share link's plan text.
    Text(String),
    /// The project file of the plan a share link holds, or why it cannot be opened.
    Unpacked(Result<String, String>),
    /// The texts of the files for download ([`crate::files::exports`]), none when the
    /// project cannot be forecast.
    Files(Vec<String>),
}

/// A message from the page: `job` on `lane`, or `None` to drop the lane's job; with
/// the page's locale, in which the worker's markup shows dates (empty: ISO dates).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub lane: u32,
    pub seq: u64,
    pub job: Option<Job>,
    #[serde(default)]
    pub locale: String,
}

/// A message from the worker: the answer to request `seq` on `lane`; `last` is false
/// for a preview that a later reply refines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub lane: u32,
    pub seq: u64,
    pub last: bool,
    pub answer: Answer,
}

/// A job waiting or under way.
struct Entry {
    request: Request,
    progress: Progress,
}

/// How far a job has got.
enum Progress {
    NotStarted,
    /// A forecast after its preview was sent.
    Forecast(Box<ForecastRun>),
    /// Mitigation worth, some risks worked out.
    Worth(Box<WorthRun>),
    /// The bridge, some steps run.
    Bridge(Box<BridgeRun>),
    /// How many of the cards are done (each is sent as soon as it is).
    Cards(usize),
}

/// The worker's pending jobs, at most one per lane, carried out a slice at a time.
#[derive(Default)]
pub struct Queue {
    entries: Vec<Entry>,
    /// The last final forecast and its project, for drawing parts of the same project.
    last: Option<(Project, Box<Forecast>)>,
}

impl Queue {
    /// Takes a request from the page (JSON text), replacing the lane's older job.
    ///
    /// # Errors
    /// The text is not a request (a bug on the page's side: the worker logs it).
    pub fn receive(&mut self, text: &str) -> Result<(), serde_json::Error> {
        let mut request: Request = serde_json::from_str(text)?;
        if let Some(Job::Shared(part, file)) = &request.job {
            // Read once here, so that the part is drawn in slices like any other; a
            // file that cannot be read stays a `Shared` job, which answers why.
            if let Ok(p) = unpacked(file) {
                request.job = Some(Job::Draw(*part, p));
            }
        }
        crate::format::set_date_locale(&request.locale);
        self.entries.retain(|e| e.request.lane != request.lane);
        if request.job.is_some() {
            self.entries.push(Entry {
                request,
                progress: Progress::NotStarted,
            });
        }
        Ok(())
    }

    /// Whether any job is waiting.
    pub fn is_idle(&self) -> bool {
        self.entries.is_empty()
    }

    /// Does one slice of the most urgent job (the lowest priority, then the oldest) and
    /// returns its reply, if the slice produced one.
    pub fn step(&mut self) -> Option<Reply> {
        let (index, _) = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((i, e.request.job.as_ref()?.priority())))
            .min_by_key(|&(i, priority)| (priority, i))?;
        // Out of the queue while it runs (it may read the last forecast), back unless done.
        let mut entry = self.entries.remove(index);
        let (lane, seq) = (entry.request.lane, entry.request.seq);
        let job = entry.request.job.as_ref()?;
        let progress = std::mem::replace(&mut entry.progress, Progress::NotStarted);
        let (answer, next) = self.slice(job, progress);
        let last = next.is_none();
        if let Some(next) = next {
            entry.progress = next;
            self.entries.insert(index, entry);
        }
        Some(Reply {
            lane,
            seq,
            last,
            answer: answer?,
        })
    }

    /// One slice of `job`: its reply, if any, and how far it got (`None`: done).
    fn slice(&mut self, job: &Job, progress: Progress) -> (Option<Answer>, Option<Progress>) {
        match (job, progress) {
            // A forecast, or the document's numbers, under way: the next slice, and the
            // final answer at the end.
            (Job::Forecast(p) | Job::Draw(Part::Document, p), Progress::Forecast(mut run)) => {
                if !run.step(slice_trials(p.tasks.len())) {
                    return (None, Some(Progress::Forecast(run)));
                }
                let f = Box::new(run.finish());
                self.last = Some((p.clone(), f.clone()));
                match job {
                    Job::Forecast(_) => (Some(drawn_forecast(p, &f)), None),
                    _ => (Some(draw_document(p, Ok(f))), None),
                }
            }
            // A new forecast: its first trials as a preview, unless that is all of it.
            (Job::Forecast(p), _) => {
                match ForecastRun::new(p, p.settings.trials, p.settings.seed) {
                    Err(errors) => (Some(Answer::Forecast(Err(errors))), None),
                    Ok(mut run) => {
                        if run.step(PREVIEW_TRIALS) {
                            let f = Box::new(run.finish());
                            self.last = Some((p.clone(), f.clone()));
                            (Some(drawn_forecast(p, &f)), None)
                        } else {
                            (
                                Some(drawn_forecast(p, &run.preview())),
                                Some(Progress::Forecast(Box::new(run))),
                            )
                        }
                    }
                }
            }
            // The document: all of it from the last forecast of this project, or its
            // text now and its numbers once the forecast has run in slices.
            (Job::Draw(Part::Document, p), _) => {
                if let Some((_, f)) = self.last.as_ref().filter(|(q, _)| q == p) {
                    return (Some(draw_document(p, Ok(f.clone()))), None);
                }
                match ForecastRun::new(p, p.settings.trials, p.settings.seed) {
                    Err(errors) => (Some(draw_document(p, Err(errors))), None),
                    Ok(run) => (
                        Some(Answer::Html(crate::report::plan_html(p, None).into())),
                        Some(Progress::Forecast(Box::new(run))),
                    ),
                }
            }
            // Mitigation worth: one risk (two simulations) a slice.
            (Job::MitigationWorth(p), Progress::Worth(mut worth)) => {
                if worth.step() {
                    (Some(draw_worth(p, Ok(worth.finish()))), None)
                } else {
                    (None, Some(Progress::Worth(worth)))
                }
            }
            (Job::MitigationWorth(p), _) => match WorthRun::new(p) {
                Err(errors) => (Some(draw_worth(p, Err(errors))), None),
                Ok(worth) => (None, Some(Progress::Worth(Box::new(worth)))),
            },
            // The bridge (and the Markdown that carries it): one simulation a slice,
            // drawn at the end.
            (
                Job::Draw(part @ (Part::Bridge | Part::SharedBridge | Part::Markdown), p),
                Progress::Bridge(mut bridge),
            ) => {
                if !bridge.step() {
                    return (None, Some(Progress::Bridge(bridge)));
                }
                // Only the Markdown needs the forecast besides the bridge.
                let f = match part {
                    Part::Markdown => self.forecast_of(p),
                    _ => Err(Vec::new()),
                };
                (Some(draw_bridge(*part, p, Ok(bridge.finish()), f)), None)
            }
            (Job::Draw(part @ (Part::Bridge | Part::SharedBridge | Part::Markdown), p), _) => {
                match BridgeRun::new(p) {
                    Err(errors) => (
                        Some(draw_bridge(*part, p, Err(errors), Err(Vec::new()))),
                        None,
                    ),
                    Ok(bridge) => (None, Some(Progress::Bridge(Box::new(bridge)))),
                }
            }
            // Without both targets the part is a note and needs no forecast.
            (Job::Draw(Part::Joint, p), _) if !crate::markup::forecast::has_targets(p) => (
                Some(Answer::Html(crate::markup::forecast::joint_note().into())),
                None,
            ),
            (Job::Draw(Part::Joint, p), _) => {
                let f = self.forecast_of(p);
                (Some(draw_joint(p, f)), None)
            }
            (Job::Draw(Part::Progress, p), _) => {
                let f = self.forecast_of(p).ok();
                let html = crate::markup::progress::drift(p, f.as_deref());
                (Some(Answer::Html(html.into())), None)
            }
            (Job::Draw(Part::Scenarios, p), _) => {
                let f = self.forecast_of(p);
                let html = crate::markup::scenarios::comparison(p, f);
                (Some(Answer::Html(html.into())), None)
            }
            (Job::Files(p), _) => {
                let f = self.forecast_of(p);
                (Some(draw_files(p, f)), None)
            }
            (Job::TrackRecord(t), _) => {
                let f = self.forecast_of(&t.project).ok();
                (Some(draw_track_record(t, f.as_deref())), None)
            }
            // The cards, one a slice.
            (Job::Cards(ps), done) => {
                let done = match done {
                    Progress::Cards(done) => done,
                    _ => 0,
                };
                let card = ps.get(done).map(card).into_iter().collect();
                let more = done + 1 < ps.len();
                (
                    Some(Answer::Cards(card)),
                    more.then_some(Progress::Cards(done + 1)),
                )
            }
            (job, _) => (run(job), None),
        }
    }

    /// The project's forecast: the last one when it is this project's, else run now.
    fn forecast_of(&mut self, p: &Project) -> Checked<Box<Forecast>> {
        if let Some((_, f)) = self.last.as_ref().filter(|(q, _)| q == p) {
            return Ok(f.clone());
        }
        let f = engine::forecast(p).map(Box::new)?;
        self.last = Some((p.clone(), f.clone()));
        Ok(f)
    }
}

/// Carries out a whole job at once and gives its final answer (`None` for the
/// warm-up, which answers nothing).
pub fn run(job: &Job) -> Option<Answer> {
    Some(match job {
        Job::Forecast(p) => match engine::forecast(p) {
            Ok(f) => drawn_forecast(p, &f),
            Err(errors) => Answer::Forecast(Err(errors)),
        },
        Job::FactorImpacts(p) => Answer::Html(
            crate::markup::factors::questionnaire_html(
                p,
                engine::factor_impacts(p).ok().as_deref(),
            )
            .into(),
        ),
        Job::MitigationWorth(p) => draw_worth(p, engine::mitigation_worth(p)),
        Job::Draw(part @ (Part::Bridge | Part::SharedBridge), p) => {
            draw_bridge(*part, p, engine::bridge(p), Err(Vec::new()))
        }
        Job::Draw(Part::Markdown, p) => draw_bridge(
            Part::Markdown,
            p,
            engine::bridge(p),
            engine::forecast(p).map(Box::new),
        ),
        Job::Draw(Part::Document, p) => draw_document(p, engine::forecast(p).map(Box::new)),
        Job::Draw(Part::Joint, p) if !crate::markup::forecast::has_targets(p) => {
            Answer::Html(crate::markup::forecast::joint_note().into())
        }
        Job::Draw(Part::Joint, p) => draw_joint(p, engine::forecast(p).map(Box::new)),
        Job::Draw(part @ (Part::Sizing | Part::Experiment), p) => draw_plan(*part, p),
        Job::Draw(Part::Progress, p) => Answer::Html(
            crate::markup::progress::drift(p, engine::forecast(p).ok().as_ref()).into(),
        ),
        Job::Draw(Part::Scenarios, p) => Answer::Html(
            crate::markup::scenarios::comparison(p, engine::forecast(p).map(Box::new)).into(),
        ),
        Job::TrackRecord(t) => draw_track_record(t, engine::forecast(&t.project).ok().as_ref()),
        Job::Template(key, id, start) => Answer::Text(
            crate::model::templates::template(key, id.clone(), *start)
                .map(|p| crate::data::export_project(&p))
                .unwrap_or_default(),
        ),
        Job::Act(p, action, arg) => act(p, action, arg),
        Job::Files(p) => draw_files(p, engine::forecast(p).map(Box::new)),
        Job::Portfolio(ws) => {
            Answer::Html(crate::markup::portfolio::ranking(ws, engine::portfolio(ws)).into())
        }
        Job::Pack(p) => Answer::Text(crate::share::pack(p)),
        // A file that cannot be read answers as a link that cannot be (every part alike).
        Job::Shared(part, file) => match unpacked(file) {
            Ok(p) => return run(&Job::Draw(*part, p)),
            Err(why) => Answer::Unpacked(Err(why)),
        },
        Job::Unpack(text) => Answer::Unpacked(
            crate::share::read_compact(text)
                .map(|p| crate::data::export_project(&p))
                .map_err(|e| e.to_string()),
        ),
        Job::Cards(ps) => Answer::Cards(ps.iter().map(card).collect()),
        Job::WarmUp => {
            warm_up();
            return None;
        }
    })
}

/// The project in a file that [`Job::Unpack`] wrote: of this version, so read as the
/// requests are, without [`crate::data::import_project`]'s migrations, whose code stays
/// out of the worker.
fn unpacked(file: &str) -> Result<Project, String> {
    use crate::data::{Envelope, FORMAT};
    use crate::model::SCHEMA_VERSION;
    let e: Envelope<Project> = serde_json::from_str(file).map_err(|e| e.to_string())?;
    if (e.format.as_str(), e.version, e.kind.as_str()) == (FORMAT, SCHEMA_VERSION, "project") {
        Ok(e.data)
    } else {
        Err("the plan is not a project file of this version".into())
    }
}

/// A copy of `p` with `edit` made, or why it could not be.
fn edited_copy(
    p: &Project,
    edit: impl FnOnce(&mut Project) -> Result<(), String>,
) -> Result<Project, String> {
    let mut copy = p.clone();
    edit(&mut copy).map(|()| copy)
}

/// Carries out a section's action on `p` ([`Job::Act`]): the Tasks section's bulk
/// paste (`paste`, argument: the rows, [`crate::markup::tasks::paste`]) and file
/// import (`tasks-file-preview` and `tasks-file-apply`, argument: the CSV or MSPDI
/// file's text, [`crate::files`]), and the
/// Progress section's tracker import (`import-preview` and `import-apply`, argument:
/// the CSV, [`crate::tracker`]), the Requirements & plan section's offers
/// ([`crate::markup::plan::OFFER_ACTIONS`]) and the Scenarios section's what-ifs
/// ([`crate::markup::scenarios::ACTIONS`]). An edit answers the changed project as the envelope
/// JSON of a project file ([`Answer::Text`]), which the page adopts as one undoable
/// edit, or what stopped it as markup ([`Answer::Html`]); a preview answers markup.
pub fn act(p: &Project, action: &str, arg: &str) -> Answer {
    let edited = match action {
        "import-preview" => return Answer::Html(crate::tracker::preview(p, arg).into()),
        "import-apply" => crate::tracker::apply(p, arg).ok_or_else(|| {
            "Nothing to apply: every task the file names stands as it says.".to_owned()
        }),
        "tasks-file-preview" => return Answer::Html(crate::files::preview(p, arg).into()),
        "tasks-file-apply" => crate::files::apply(p, arg),
        "paste" => edited_copy(p, |c| crate::markup::tasks::paste(c, arg)),
        a if crate::markup::plan::OFFER_ACTIONS.contains(&a) => {
            edited_copy(p, |c| crate::markup::plan::offer_act(c, action, arg))
        }
        a if crate::markup::scenarios::ACTIONS.contains(&a) => {
            edited_copy(p, |c| crate::markup::scenarios::act(c, action, arg))
        }
        _ => Err(String::new()),
    };
    match edited {
        Ok(changed) => Answer::Text(crate::data::export_project(&changed)),
        Err(why) => Answer::Html(
            crate::html!(
                r#"<p class="field-error paste-error" role="alert">{}</p>"#,
                why
            )
            .into(),
        ),
    }
}

/// The Export section's files, written from the forecast.
fn draw_files(p: &Project, forecast: Checked<Box<Forecast>>) -> Answer {
    Answer::Files(
        forecast
            .map(|f| crate::files::exports(p, &f, p.updated_at))
            .unwrap_or_default(),
    )
}

/// The bridge's markup, or for [`Part::Markdown`] the plan document as Markdown with
/// the bridge; nothing when the project cannot be forecast (the section lists its
/// problems already).
fn draw_bridge(
    part: Part,
    p: &Project,
    bridge: Checked<Bridge>,
    forecast: Checked<Box<Forecast>>,
) -> Answer {
    match (part, bridge, forecast) {
        (Part::Markdown, Ok(b), Ok(f)) => Answer::Text(crate::report::with_section(
            &crate::report::plan_markdown(p, &f),
            &crate::report::bridge_markdown(p, &b),
        )),
        (Part::Markdown, ..) => Answer::Text(String::new()),
        (part, Ok(b), _) => {
            Answer::Html(crate::markup::overview::bridge(p, &b, part == Part::Bridge).into())
        }
        _ => Answer::Html(String::new()),
    }
}

/// The track record, with the forecast with it beside `plain` when asked.
fn draw_track_record(t: &crate::markup::progress::Tracked, plain: Option<&Forecast>) -> Answer {
    let p = &t.project;
    let with = t
        .with_record
        .then(|| {
            let record = engine::calibration::Resampling::of(&t.history.records);
            ForecastRun::tracked(p, &record, p.settings.trials, p.settings.seed).ok()
        })
        .flatten()
        .map(ForecastRun::finish);
    Answer::Html(crate::markup::progress::track_record_html(t, plain, with.as_ref()).into())
}

/// The parts drawn from a forecast of `p`.
fn drawn_forecast(p: &Project, f: &Forecast) -> Answer {
    Answer::Forecast(Ok(Box::new(ForecastParts::draw(p, f))))
}

/// The mitigation-worth table, or what stops it.
fn draw_worth(p: &Project, worth: Checked<Vec<engine::MitigationWorth>>) -> Answer {
    Answer::Html(crate::markup::risks::worth(p, worth).into())
}

/// The plan document with its numbers, or what stops the forecast.
fn draw_document(p: &Project, forecast: Checked<Box<Forecast>>) -> Answer {
    Answer::Html(
        match forecast {
            Ok(f) => crate::report::plan_html(p, Some(&f)),
            Err(errors) => crate::markup::forecast::problems(&errors),
        }
        .into(),
    )
}

/// The Requirements & plan section's drawn parts: the sizing or the experiment.
fn draw_plan(part: Part, p: &Project) -> Answer {
    Answer::Html(match part {
        Part::Experiment => crate::markup::plan::experiment_panel(p).into(),
        _ => crate::markup::plan::sizing_panel(p).into(),
    })
}

/// The joint confidence's markup, or nothing when the project cannot be forecast.
fn draw_joint(p: &Project, forecast: Checked<Box<Forecast>>) -> Answer {
    Answer::Html(
        forecast
            .map(|f| crate::markup::forecast::joint(p, &f).into())
            .unwrap_or_default(),
    )
}

/// The reply as the bytes that cross to the page.
pub fn reply_bytes(reply: &Reply) -> Vec<u8> {
    // Plain data into memory: serialising cannot fail.
    postcard::to_allocvec(reply).unwrap_or_default()
}

/// Reads a reply's bytes (`None` when they are not one: a worker of another build).
pub fn read_reply(bytes: &[u8]) -> Option<Reply> {
    postcard::from_bytes(bytes).ok()
}

/// A project card's figures.
fn card(p: &Project) -> Card {
    Card {
        id: p.id.clone(),
        updated_at: p.updated_at,
        p80: engine::forecast(p).ok().map(|f| (f.finish.p80, f.cost.p80)),
    }
}

/// Runs the engine once on a generated plan, for nothing but the browser's compiler.
fn warm_up() {
    let plan = engine::generate_bench_plan(30, 3, 5, 1);
    std::hint::black_box(engine::forecast_with(&plan, 5_000, 1).ok());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::templates::bike_shop;

    fn request(lane: u32, seq: u64, job: Option<Job>) -> String {
        serde_json::to_string(&Request {
            lane,
            seq,
            job,
            locale: String::new(),
        })
        .unwrap()
    }

    /// Every reply the queue gives until it is idle.
    fn drain(queue: &mut Queue) -> Vec<Reply> {
        let mut replies = Vec::new();
        while !queue.is_idle() {
            if let Some(reply) = queue.step() {
                replies.push(reply);
            }
        }
        replies
    }

    fn shop() -> Project {
        bike_shop("p".into(), Date::from_ymd(2026, 1, 5).unwrap())
    }

    /// The trials a preview's parts say they come from.
    fn preview_trials(parts: &ForecastParts) -> u32 {
        let note = parts.body.split("from the first ").nth(1).expect("a note");
        let count = note.split(' ').next().unwrap().replace(',', "");
        count.parse().unwrap()
    }

    #[test]
    fn a_forecast_answers_with_a_preview_then_exactly_the_engines_forecast() {
        let p = shop();
        let mut queue = Queue::default();
        queue
            .receive(&request(1, 1, Some(Job::Forecast(p.clone()))))
            .unwrap();
        let replies = drain(&mut queue);
        assert_eq!(replies.len(), 2);
        let Answer::Forecast(Ok(preview)) = &replies[0].answer else {
            panic!()
        };
        // The preview is drawn from the forecast of the run's first trials (whole
        // blocks of 64).
        let trials = preview_trials(preview);
        assert!((PREVIEW_TRIALS..PREVIEW_TRIALS + 64).contains(&trials));
        let first = engine::forecast_with(&p, trials, p.settings.seed).unwrap();
        assert_eq!(**preview, ForecastParts::draw(&p, &first));
        assert!(preview.overview.contains("refining"));
        assert!(!replies[0].last && replies[1].last);
        let Answer::Forecast(Ok(last)) = &replies[1].answer else {
            panic!()
        };
        let direct = engine::forecast(&p).unwrap();
        assert_eq!(**last, ForecastParts::draw(&p, &direct));
        assert!(!last.body.contains("refining"));
        // The page reads the reply from its bytes: the same parts, byte for byte.
        for reply in &replies {
            assert_eq!(read_reply(&reply_bytes(reply)).as_ref(), Some(reply));
        }
        assert_eq!(read_reply(b"not a reply"), None);
    }

    #[test]
    fn a_newer_request_supersedes_the_running_job_and_results_do_not_depend_on_order() {
        let a = shop();
        let mut b = shop();
        b.tasks[9].effort.pessimistic = 200.0;
        let mut queue = Queue::default();
        queue
            .receive(&request(1, 1, Some(Job::Forecast(a.clone()))))
            .unwrap();
        // The preview of `a` and a slice more, then `b` arrives: `a`'s final forecast is
        // never made.
        let first = queue.step().unwrap();
        assert_eq!((first.seq, first.last), (1, false));
        assert_eq!(queue.step(), None, "a slice of `a` answers nothing");
        queue
            .receive(&request(1, 2, Some(Job::Forecast(b.clone()))))
            .unwrap();
        let replies = drain(&mut queue);
        assert_eq!(replies.iter().map(|r| r.seq).collect::<Vec<_>>(), [2, 2]);
        assert_eq!(
            replies[1].answer,
            drawn_forecast(&b, &engine::forecast(&b).unwrap())
        );
        // Back to `a`, then `b` again: the same numbers each time.
        for (seq, p) in [(3, &a), (4, &b)] {
            queue
                .receive(&request(1, seq, Some(Job::Forecast(p.clone()))))
                .unwrap();
            let last = drain(&mut queue).pop().unwrap();
            assert_eq!(
                last.answer,
                drawn_forecast(p, &engine::forecast(p).unwrap())
            );
        }
    }

    #[test]
    fn the_forecast_goes_first_a_dropped_lane_answers_nothing_and_cards_come_one_by_one() {
        let p = shop();
        let mut invalid = shop();
        invalid.tasks[0].effort.optimistic = -1.0;
        let mut queue = Queue::default();
        queue
            .receive(&request(7, 1, Some(Job::Cards(vec![p.clone(), invalid]))))
            .unwrap();
        queue
            .receive(&request(8, 1, Some(Job::MitigationWorth(p.clone()))))
            .unwrap();
        queue
            .receive(&request(9, 1, Some(Job::Forecast(p.clone()))))
            .unwrap();
        queue.receive(&request(8, 2, None)).unwrap();
        let lanes: Vec<u32> = drain(&mut queue).iter().map(|r| r.lane).collect();
        assert_eq!(lanes, [9, 9, 7, 7]);
        let mut queue = Queue::default();
        queue
            .receive(&request(
                7,
                1,
                Some(Job::Cards(vec![shop(), {
                    let mut q = shop();
                    q.tasks[0].effort.optimistic = -1.0;
                    q
                }])),
            ))
            .unwrap();
        let cards: Vec<Card> = drain(&mut queue)
            .into_iter()
            .flat_map(|r| match r.answer {
                Answer::Cards(c) => c,
                _ => panic!(),
            })
            .collect();
        let f = engine::forecast(&p).unwrap();
        assert_eq!(cards[0].p80, Some((f.finish.p80, f.cost.p80)));
        assert_eq!(cards[1].p80, None);
    }

    #[test]
    fn mitigation_worth_runs_a_risk_a_slice_and_a_forecast_goes_between() {
        let p = shop();
        let mitigations = p
            .risks
            .iter()
            .filter(|r| !r.mitigation.description.is_empty())
            .count();
        assert!(mitigations > 1);
        let mut queue = Queue::default();
        queue
            .receive(&request(3, 1, Some(Job::MitigationWorth(p.clone()))))
            .unwrap();
        assert_eq!(queue.step(), None, "validated");
        assert_eq!(queue.step(), None, "the first risk");
        queue
            .receive(&request(4, 1, Some(Job::Forecast(p.clone()))))
            .unwrap();
        assert_eq!(
            queue.step().map(|r| r.lane),
            Some(4),
            "the forecast's preview first"
        );
        let replies = drain(&mut queue);
        let worth = replies.iter().find(|r| r.lane == 3).unwrap();
        assert!(worth.last);
        assert_eq!(worth.answer, draw_worth(&p, engine::mitigation_worth(&p)));
    }

    #[test]
    fn every_kind_of_answer_crosses_to_the_page_exactly() {
        let mut p = shop();
        p.settings.trials = 1_000;
        let mut ws = Workspace::default();
        ws.projects.push(p.clone());
        ws.portfolio.trials = 1_000;
        let mut broken = p.clone();
        broken.tasks[0].effort.optimistic = -1.0;
        let jobs = [
            Job::Forecast(p.clone()),
            Job::Forecast(broken),
            Job::FactorImpacts(p.clone()),
            Job::MitigationWorth(p.clone()),
            Job::Portfolio(ws),
            Job::Cards(vec![p]),
        ];
        let empty = Project::new("e", "Empty", Date::from_ymd(2026, 1, 5).unwrap());
        let jobs = jobs.into_iter().chain([
            Job::Forecast(empty.clone()),
            Job::Cards(vec![empty.clone()]),
            Job::Draw(Part::Sizing, empty.clone()),
            Job::Draw(Part::Document, empty.clone()),
            Job::Pack(empty.clone()),
            Job::Unpack("not a plan".into()),
        ]);
        for job in jobs {
            let reply = Reply {
                lane: 7,
                seq: u64::MAX,
                last: true,
                answer: run(&job).expect("an answer"),
            };
            assert_eq!(read_reply(&reply_bytes(&reply)), Some(reply), "{job:?}");
        }
    }

    #[test]
    fn drawn_parts_come_from_the_same_builders_and_the_bridge_also_as_markdown() {
        let mut p = shop();
        p.settings.trials = 1_000;
        let b = engine::bridge(&p).unwrap();
        let mut queue = Queue::default();
        queue
            .receive(&request(1, 1, Some(Job::Draw(Part::Markdown, p.clone()))))
            .unwrap();
        queue
            .receive(&request(2, 1, Some(Job::Draw(Part::Bridge, p.clone()))))
            .unwrap();
        let replies = drain(&mut queue);
        let text = crate::report::with_section(
            &crate::report::plan_markdown(&p, &engine::forecast(&p).unwrap()),
            &crate::report::bridge_markdown(&p, &b),
        );
        assert!(text.contains("| Sum-of-most-likely plan |"), "{text}");
        assert!(replies.contains(&Reply {
            lane: 1,
            seq: 1,
            last: true,
            answer: Answer::Text(text)
        }));
        let html: String = crate::markup::overview::bridge(&p, &b, true).into();
        assert!(replies
            .iter()
            .any(|r| r.lane == 2 && r.answer == Answer::Html(html.clone())));
    }

    #[test]
    fn a_share_links_plan_text_is_written_and_read_here() {
        let p = shop();
        let Some(Answer::Text(text)) = run(&Job::Pack(p.clone())) else {
            panic!("the plan text")
        };
        assert_eq!(text.as_bytes(), crate::share::pack(&p).as_bytes());
        let (format, plan) = crate::share::split_format(&text);
        assert_eq!(format, crate::share::FORMAT_V2, "no progress: format 2");
        let Some(Answer::Unpacked(Ok(file))) = run(&Job::Unpack(plan.into())) else {
            panic!("a project file")
        };
        let opened = crate::share::decode(&crate::share::encode(&p)).unwrap();
        assert_eq!(crate::data::import_project(&file).unwrap(), opened);
        let Some(Answer::Unpacked(Err(why))) = run(&Job::Unpack("garbage".into())) else {
            panic!("a refusal")
        };
        assert!(
            why.starts_with("the plan in the link cannot be read"),
            "{why}"
        );
    }

    #[test]
    fn a_share_links_parts_are_drawn_from_the_unpacked_file_as_from_its_project() {
        // Protects the stakeholder view: the page hands back the file the worker
        // unpacked, and gets what the project itself would have drawn, in slices.
        let p = shop();
        let file = crate::data::export_project(&p);
        for part in [Part::Document, Part::SharedBridge] {
            assert_eq!(
                run(&Job::Shared(part, file.clone())),
                run(&Job::Draw(part, p.clone()))
            );
            let (mut shared, mut direct) = (Queue::default(), Queue::default());
            shared
                .receive(&request(1, 1, Some(Job::Shared(part, file.clone()))))
                .unwrap();
            direct
                .receive(&request(1, 1, Some(Job::Draw(part, p.clone()))))
                .unwrap();
            assert_eq!(drain(&mut shared), drain(&mut direct));
        }
        // A file that cannot be read answers why, as a link that cannot be read does.
        let Some(Answer::Unpacked(Err(why))) = run(&Job::Shared(Part::Document, "{}".into()))
        else {
            panic!("why the file cannot be read")
        };
        assert!(why.contains("missing field"), "{why}");
        let mut queue = Queue::default();
        let bad = Job::Shared(Part::SharedBridge, "{}".into());
        queue.receive(&request(1, 1, Some(bad))).unwrap();
        let replies = drain(&mut queue);
        assert!(
            matches!(&replies[..], [Reply { answer: Answer::Unpacked(Err(w)), .. }] if w == &why)
        );
    }

    #[test]
    fn a_template_comes_as_a_project_file() {
        let start = Date::from_ymd(2026, 1, 5).unwrap();
        let job = Job::Template("bike-shop".into(), "p".into(), start);
        let Some(Answer::Text(file)) = run(&job) else {
            panic!("a file")
        };
        assert_eq!(crate::data::import_project(&file).unwrap(), shop());
        let unknown = Job::Template("nothing".into(), "p".into(), start);
        assert_eq!(run(&unknown), Some(Answer::Text(String::new())));
    }

    #[test]
    fn actions_answer_a_preview_or_the_changed_project_file_or_why_not() {
        let mut p = shop();
        p.tracking.status_date = Date::from_ymd(2026, 3, 2);
        let csv = "ID,Status,Actual\n1,Done,4\n";
        let job = |action: &str, arg: &str| Job::Act(p.clone(), action.into(), arg.into());
        let Some(Answer::Html(html)) = run(&job("import-preview", csv)) else {
            panic!("a preview")
        };
        assert!(html.contains("Apply these changes"), "{html}");
        let Some(Answer::Html(why)) = run(&job("paste", "A, 1, 2")) else {
            panic!("why not")
        };
        assert!(why.contains("line 1:"), "{why}");
        let Some(Answer::Text(pasted)) = run(&job("paste", "A, 1, 2, 3")) else {
            panic!("a project file")
        };
        let pasted = crate::data::import_project(&pasted).unwrap();
        assert_eq!(pasted.tasks.len(), p.tasks.len() + 1);
        assert!(matches!(
            run(&job("import-apply", "ID,Status\n1,To do")),
            Some(Answer::Html(_))
        ));
        let mut queue = Queue::default();
        queue
            .receive(&request(1, 1, Some(job("import-apply", csv))))
            .unwrap();
        let replies = drain(&mut queue);
        assert_eq!(replies.len(), 1);
        assert_eq!(
            read_reply(&reply_bytes(&replies[0])).as_ref(),
            Some(&replies[0])
        );
        let Answer::Text(file) = &replies[0].answer else {
            panic!("a project file")
        };
        let after = crate::data::import_project(file).unwrap();
        assert_eq!(after.tasks[0].state, crate::model::TaskState::Done);
        assert_eq!(after.tasks[0].actual, Some(4.0));
        assert_eq!(after.tasks[1..], p.tasks[1..]);
    }

    #[test]
    fn an_invalid_project_answers_its_problems_once_and_garbage_is_refused() {
        let mut p = shop();
        p.tasks[0].effort.optimistic = -1.0;
        let mut queue = Queue::default();
        queue
            .receive(&request(1, 1, Some(Job::Forecast(p))))
            .unwrap();
        let replies = drain(&mut queue);
        assert_eq!(replies.len(), 1);
        assert!(replies[0].last);
        assert!(matches!(&replies[0].answer, Answer::Forecast(Err(e)) if !e.is_empty()));
        assert!(queue.receive("{\"lane\":1}").is_err());
        assert!(queue.receive("not json").is_err());
        assert!(queue.is_idle());
    }
}
