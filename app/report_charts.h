// Pictures of the reports (app/report_charts.cpp), drawn in the current ImGui window.
#pragma once
#include "report_csv.h"

namespace kariz {

void draw_report_picture(const Reports& r, ReportKind k, const Workspace& ws, float scale);

}  // namespace kariz
