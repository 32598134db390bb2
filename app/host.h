// What the views need from the place they run in. The web shell implements it (web/main.cpp);
// the views never touch storage or the browser themselves.
#pragma once
#include <string>
#include "model.h"

namespace kariz {

class Host {
public:
    virtual ~Host() = default;
    virtual Time now() = 0;                  // UTC seconds
    virtual int utc_offset_minutes() = 0;    // local time = UTC + offset (for file names)
    virtual void download(const std::string& filename, const std::string& text) = 0;
    virtual void copy_text(const std::string& text) = 0;
    virtual void open_url(const std::string& url) = 0;  // mailto: links
    // Who uses the board on this device (app/users_view.cpp): kept by the shell across reloads,
    // never in the shared workspace. The shell hands it back in App::me_id at start.
    virtual void remember_current_user(const std::string& user_id) { (void)user_id; }
    // The interface language ("en", "ar", "fa") and calendar chosen on this device (app/i18n.h).
    virtual void remember_interface_language(const std::string& code, bool solar_hijri) { (void)code; (void)solar_hijri; }
};

}  // namespace kariz
