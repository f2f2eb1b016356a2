// tools/report/explain.h
//
// Why a run lost what it lost: `cutover-sim explain`. The run is made once
// to learn which documents were lost (or resurrected) at its end, then again
// with their stories recorded (model/forensics.h); the second run must have
// the first one's trace hash, so the story is the story of that run. Each
// document gets one cause of a fixed list, from its story.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/forensics.h"
#include "model/run.h"

namespace tools {

struct ExplainedDoc {
  model::DocId doc = 0;
  std::string key;
  model::OpIndex acked = 0;
  bool resurrected = false;
  model::LossCause cause = model::LossCause::kUnexplained;
  const model::DocStory* story = nullptr;  // in Explanation::result.stories
};

struct Explanation {
  model::RunResult result;  // of the run with the stories
  std::vector<ExplainedDoc> docs;
};

// REQUIRES: config is a run's (RunScenario's config). Watches `only` when
// given (a document that was not lost is then explained as kept).
Explanation Explain(const model::ModelConfig& config, std::optional<model::DocId> only = {});

// Grouped by cause, at most about 40 lines: per cause its count and meaning,
// then the first few documents, one line each.
std::string ExplainText(const Explanation& explanation);
// One document's whole story, a line per step, and its cause if it was lost.
std::string StoryText(const Explanation& explanation, const model::DocStory& story);
// The same as one JSON object.
std::string ExplainJson(const Explanation& explanation);

}  // namespace tools
